// Decoding manifests: typing as kubectl (go-yaml v2) types them, positions in every
// error, and hostile input that must fail quickly and cleanly.
#include <QtTest>

#include <chrono>

#include "engine/model/decode.h"

using namespace kubelab::model;
using nlohmann::json;

class tst_Decode : public QObject
{
    Q_OBJECT

private slots:
    void scalars_data();
    void scalars();
    void multiDocument();
    void mergeKeys();
    void errors_data();
    void errors();
    void aliasBomb();
    void deepNesting_data();
    void deepNesting();
    void maxBytes();
    void largeManifest();
    void typeMeta_data();
    void typeMeta();
};

// Each row decodes `v: <text>` and compares v with the JSON expected.
void tst_Decode::scalars_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("expected");

    QTest::newRow("int") << "3"
                         << "3";
    QTest::newRow("negative") << "-7"
                              << "-7";
    QTest::newRow("octal") << "0644"
                           << "420";
    QTest::newRow("octal-0o") << "0o17"
                              << "15";
    QTest::newRow("hex") << "0x1F"
                         << "31";
    QTest::newRow("binary") << "0b101"
                            << "5";
    QTest::newRow("underscore") << "1_000"
                                << "1000";
    QTest::newRow("float") << "1.5"
                           << "1.5";
    QTest::newRow("float-integral") << "2.0"
                                    << "2";
    QTest::newRow("float-exp") << "1e3"
                               << "1000";
    QTest::newRow("leading-dot") << ".5"
                                 << "0.5";
    QTest::newRow("not-octal-08") << "08"
                                  << "8";
    QTest::newRow("huge-unsigned") << "18446744073709551615"
                                   << "18446744073709551615";
    QTest::newRow("true") << "true"
                          << "true";
    QTest::newRow("True") << "True"
                          << "true";
    QTest::newRow("yes") << "yes"
                         << "true";
    QTest::newRow("on") << "on"
                        << "true";
    QTest::newRow("y") << "y"
                       << "true";
    QTest::newRow("no") << "no"
                        << "false";
    QTest::newRow("off") << "OFF"
                         << "false";
    QTest::newRow("null") << "null"
                          << "null";
    QTest::newRow("tilde") << "~"
                           << "null";
    QTest::newRow("empty") << ""
                           << "null";
    QTest::newRow("quoted-true") << "\"true\""
                                 << "\"true\"";
    QTest::newRow("quoted-int") << "'123'"
                                << "\"123\"";
    QTest::newRow("tagged-str") << "!!str 123"
                                << "\"123\"";
    QTest::newRow("timestamp-stays-string") << "2024-01-01"
                                            << "\"2024-01-01\"";
    QTest::newRow("timestamp-full") << "2024-01-01T10:00:00Z"
                                    << "\"2024-01-01T10:00:00Z\"";
    QTest::newRow("yesno-word") << "yesterday"
                                << "\"yesterday\"";
    QTest::newRow("version-string") << "1.2.3"
                                    << "\"1.2.3\"";
    QTest::newRow("image") << "nginx:1.25"
                           << "\"nginx:1.25\"";
    QTest::newRow("TRUE-ish") << "tRUE"
                              << "\"tRUE\"";
    QTest::newRow("flow-list") << "[1, a, 'b']"
                               << "[1,\"a\",\"b\"]";
    QTest::newRow("flow-map") << "{b: 1, a: 2}"
                              << "{\"a\":2,\"b\":1}";
    QTest::newRow("int-key") << "{1: a}"
                             << "{\"1\":\"a\"}";
    QTest::newRow("bool-key") << "{on: push}"
                              << "{\"true\":\"push\"}";
    QTest::newRow("literal") << "|\n  a\n  b"
                             << "\"a\\nb\\n\"";
    QTest::newRow("literal-strip") << "|-\n  a\n  b"
                                   << "\"a\\nb\"";
    QTest::newRow("folded") << ">\n  a\n  b"
                            << "\"a b\\n\"";
    QTest::newRow("utf8") << "caf\xc3\xa9"
                          << "\"caf\xc3\xa9\"";
    QTest::newRow("json") << "{\"x\": [1, 2.5, null, true]}"
                          << "{\"x\":[1,2.5,null,true]}";
}

void tst_Decode::scalars()
{
    QFETCH(QString, yaml);
    QFETCH(QString, expected);
    const auto docs = decodeDocuments(("v: " + yaml + "\n").toStdString(), "s.yaml");
    QCOMPARE(int(docs.size()), 1);
    const json want = json::parse(expected.toStdString());
    QCOMPARE(QString::fromStdString(docs[0].object.at("v").dump()),
             QString::fromStdString(want.dump()));
    // The check can fail: a wrong expectation of another type differs.
    QVERIFY(docs[0].object.at("v") != json("definitely-not-this"));
}

void tst_Decode::multiDocument()
{
    const std::string text = "# leading comment\n"
                             "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n"
                             "---\n"
                             "# only a comment\n"
                             "---\n"
                             "---\n"
                             "apiVersion: v1\n"
                             "kind: Service\n";
    const auto docs = decodeDocuments(text, "m.yaml");
    QCOMPARE(int(docs.size()), 2);
    QCOMPARE(QString::fromStdString(docs[0].object.at("kind").get<std::string>()), QString("Pod"));
    QCOMPARE(docs[0].line, 2);
    QCOMPARE(QString::fromStdString(docs[1].object.at("kind").get<std::string>()),
             QString("Service"));
    QCOMPARE(docs[1].line, 10);
    QVERIFY(docs[1].line != 9);
    QVERIFY(decodeDocuments("", "e.yaml").empty());
    QVERIFY(decodeDocuments("# nothing\n---\n", "e.yaml").empty());
}

void tst_Decode::mergeKeys()
{
    const auto docs = decodeDocuments("base: &b {image: nginx, port: 80}\n"
                                      "web:\n  <<: *b\n  port: 8080\n",
                                      "m.yaml");
    const json& web = docs.at(0).object.at("web");
    QCOMPARE(web.at("image").get<std::string>(), std::string("nginx"));
    QCOMPARE(web.at("port").get<int>(), 8080); // explicit key wins
    QVERIFY(!web.contains("<<"));
}

void tst_Decode::errors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("expected");

    QTest::newRow("duplicate-key") << QByteArray("a: 1\nb: 2\na: 3\n")
                                   << "d.yaml:3:1: mapping key \"a\" already defined at line 1";
    QTest::newRow("duplicate-nested")
        << QByteArray("spec:\n  replicas: 1\n  replicas: 2\n")
        << "d.yaml:3:3: mapping key \"replicas\" already defined at line 2";
    QTest::newRow("tab-indent")
        << QByteArray("a:\n\tb: 1\n")
        << "d.yaml:2:1: found a tab character where indentation is expected; indent YAML "
           "with spaces only";
    QTest::newRow("invalid-utf8") << QByteArray("a: 1\nb: x\xff\n")
                                  << "d.yaml:2:5: invalid UTF-8: byte 0xFF (save the file "
                                     "as UTF-8)";
    QTest::newRow("truncated-utf8") << QByteArray("a: \xc3")
                                    << "d.yaml:1:4: invalid UTF-8: byte 0xC3 (save the file "
                                       "as UTF-8)";
    // Found by fuzz_manifest: yaml-cpp never returned on this input (NUL bytes).
    QTest::newRow("control-chars-fuzz-hang")
        << QByteArray("aap #iaak:nm\0\0b\x14\0kind\n ,  qpp: nginx\nspec:\n  re%N4YAML15"
                      "ParserExc",
                      65)
        << "d.yaml:1:13: control characters are not allowed (byte 0x00)";
    QTest::newRow("control-char-later")
        << QByteArray("a: 1\nb: x\x1b[0m\n") << "d.yaml:2:5: control characters are not allowed (byte 0x1B)";
    QTest::newRow("map-in-value") << QByteArray("a: b: c\n")
                                  << "d.yaml:1:5: mapping values are not allowed in this "
                                     "context";
    QTest::newRow("unclosed-flow")
        << QByteArray("a: [1, 2\nb: 3\n") << "d.yaml:2:2: did not find expected ',' or ']'";
    QTest::newRow("unknown-alias")
        << QByteArray("a: *nope\n") << "d.yaml:1:4: unknown anchor referenced";
    QTest::newRow("recursive-alias")
        << QByteArray("a: &x [*x]\n")
        << "d.yaml:1:8: alias *x refers to a node that contains it; recursive data is not "
           "allowed";
    QTest::newRow("sequence-key")
        << QByteArray("? [1]\n: 2\n")
        << "d.yaml:1:3: unsupported map key: a sequence (mapping keys must be strings)";
    QTest::newRow("null-key")
        << QByteArray("~: c\n")
        << "d.yaml:1:1: unsupported map key: null (mapping keys must be strings)";
    QTest::newRow("infinity")
        << QByteArray("a: .inf\n")
        << "d.yaml:1:4: unsupported value: .inf (JSON has no NaN or infinity; quote it for "
           "a string)";
    QTest::newRow("bad-int-tag") << QByteArray("a: !!int abc\n")
                                 << "d.yaml:1:4: cannot decode \"abc\" as !!int";
}

void tst_Decode::errors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, expected);
    try {
        decodeDocuments(yaml.toStdString(), "d.yaml");
        QFAIL("no error");
    } catch (const DecodeError& e) {
        QCOMPARE(QString::fromStdString(e.what()), expected);
        QCOMPARE(QString::fromStdString(e.source()), QString("d.yaml"));
    }
}

void tst_Decode::aliasBomb()
{
    std::string text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    const char* names = "abcdefghij";
    for (int i = 1; i < 10; ++i) {
        text += std::string(1, names[i]) + ": &" + names[i] + " [";
        for (int k = 0; k < 9; ++k)
            text += std::string(k ? "," : "") + "*" + names[i - 1];
        text += "]\n";
    }
    const auto start = std::chrono::steady_clock::now();
    try {
        decodeDocuments(text, "bomb.yaml");
        QFAIL("alias bomb decoded");
    } catch (const DecodeError& e) {
        QVERIFY2(QString::fromStdString(e.message()).contains("alias bomb"), e.what());
        QVERIFY(e.line() > 1); // the line of an alias, not of the document
    }
    QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));

    // A few honest aliases stay well below the limit and decode.
    const auto ok = decodeDocuments("a: &a [1,2]\nb: [*a, *a]\n", "ok.yaml");
    QCOMPARE(ok.at(0).object.at("b").dump(), std::string("[[1,2],[1,2]]"));

    // A small limit stops even a small expansion.
    DecodeLimits tight;
    tight.maxNodes = 5;
    QVERIFY_THROWS_EXCEPTION(DecodeError,
                             decodeDocuments("a: &a [1,2]\nb: [*a, *a]\n", "t.yaml", tight));
}

void tst_Decode::deepNesting_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<bool>("ok");
    QTest::newRow("100000-brackets") << QByteArray(100000, '[') + QByteArray(100000, ']') << false;
    QTest::newRow("100000-braces")
        << QByteArray("a: ") + QByteArray("{a: ").repeated(100000) + "1" + QByteArray(100000, '}')
        << false;
    QTest::newRow("100000-brackets-in-map")
        << QByteArray("a:\n  b: ") + QByteArray(100000, '[') + QByteArray(100000, ']') << false;
    QByteArray dashes;
    for (int i = 0; i < 50000; ++i)
        dashes += "- ";
    QTest::newRow("50000-dashes") << dashes + "x" << false;
    QByteArray block;
    for (int i = 0; i < 400; ++i)
        block += QByteArray(i, ' ') + "k:\n";
    QTest::newRow("400-block-levels") << block << false;
    QTest::newRow("brackets-in-string") << QByteArray("a: \"") + QByteArray(1000, '[') + "\"\n"
                                        << true;
    QTest::newRow("brackets-in-plain") << QByteArray("a: x") + QByteArray(1000, '[') << true;
    QTest::newRow("brackets-in-literal") << QByteArray("a: |\n  ") + QByteArray(1000, '[') + "\n"
                                         << true;
    // Unclosed: any clean error will do, as long as nothing overflows.
    QTest::newRow("100000-unclosed") << QByteArray(100000, '[') << false;
    QTest::newRow("100000-unclosed-braces") << QByteArray(100000, '{') << false;
    QTest::newRow("50-levels") << QByteArray(50, '[') + QByteArray(50, ']') << true;
}

void tst_Decode::deepNesting()
{
    QFETCH(QByteArray, yaml);
    QFETCH(bool, ok);
    try {
        decodeDocuments(yaml.toStdString(), "deep.yaml");
        QVERIFY(ok);
    } catch (const DecodeError& e) {
        QVERIFY2(!ok, e.what());
        if (yaml.endsWith(']') || yaml.endsWith('}') || yaml.endsWith('x') || yaml.endsWith('\n'))
            QVERIFY2(QString::fromStdString(e.message()).startsWith("nesting is deeper than 200"),
                     e.what());
    }
}

void tst_Decode::maxBytes()
{
    const std::string big(13 * 1024 * 1024, '#');
    try {
        decodeDocuments(big, "big.yaml");
        QFAIL("no error");
    } catch (const DecodeError& e) {
        QCOMPARE(QString::fromStdString(e.what()),
                 QString("big.yaml:1:1: manifest is 13631488 bytes, more than the limit of "
                         "12582912 bytes"));
    }
    DecodeLimits limits;
    limits.maxBytes = 10;
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeDocuments("a: 12345678", "x.yaml", limits));
    QCOMPARE(int(decodeDocuments("a: 1234567", "x.yaml", limits).size()), 1);
}

void tst_Decode::largeManifest()
{
    // About 10 MB of ConfigMaps: decodes, and in bounded time.
    std::string text;
    int n = 0;
    while (text.size() < 10'000'000) {
        text += "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + std::to_string(n++) +
                "\ndata:\n";
        for (int k = 0; k < 20; ++k)
            text += "  key" + std::to_string(k) + ": some value " + std::to_string(k) + "\n";
        text += "---\n";
    }
    const auto start = std::chrono::steady_clock::now();
    const auto docs = decodeDocuments(text, "large.yaml");
    QCOMPARE(int(docs.size()), n);
    QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
    DecodeLimits small;
    small.maxBytes = 8 * 1024 * 1024;
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeDocuments(text, "large.yaml", small));
}

void tst_Decode::typeMeta_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("error"); // "" = valid
    QTest::newRow("ok") << "apiVersion: v1\nkind: Pod\n"
                        << "";
    QTest::newRow("no-kind") << "apiVersion: v1\n"
                             << "t.yaml:1:1: error validating data: [kind not set]";
    QTest::newRow("no-apiVersion") << "kind: Pod\n"
                                   << "t.yaml:1:1: error validating data: [apiVersion not set]";
    QTest::newRow("neither")
        << "metadata:\n  name: x\n"
        << "t.yaml:1:1: error validating data: [apiVersion not set, kind not set]";
    QTest::newRow("empty-kind") << "apiVersion: v1\nkind: \"\"\n"
                                << "t.yaml:1:1: error validating data: [kind not set]";
}

void tst_Decode::typeMeta()
{
    QFETCH(QString, yaml);
    QFETCH(QString, error);
    const auto docs = decodeDocuments(yaml.toStdString(), "t.yaml");
    try {
        requireTypeMeta(docs.at(0), "t.yaml");
        QCOMPARE(QString(), error);
    } catch (const DecodeError& e) {
        QCOMPARE(QString::fromStdString(e.what()), error);
    }
}

QTEST_GUILESS_MAIN(tst_Decode)
#include "tst_decode.moc"
