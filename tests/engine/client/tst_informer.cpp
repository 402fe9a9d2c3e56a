// An informer's store and client-go's controller indexer: children listed by their
// controller's uid and orphans by namespace, kept up to date through adds, owner changes
// and deletes; an informer that did not ask for the index refuses to answer from one.
#include <QtTest>

#include <stdexcept>

#include "engine/client/informer.h"

using namespace kubelab;
using json = nlohmann::json;

namespace {
json pod(const std::string& ns, const std::string& name, const std::string& owner = {})
{
    json p = {
        {"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"namespace", ns}, {"name", name}}}};
    if (!owner.empty())
        p["metadata"]["ownerReferences"] = {{{"apiVersion", "apps/v1"},
                                             {"kind", "ReplicaSet"},
                                             {"name", "rs"},
                                             {"uid", owner},
                                             {"controller", true}}};
    return p;
}

QStringList names(const std::vector<const json*>& objects)
{
    QStringList out;
    for (const json* o : objects)
        out << QString::fromStdString((*o)["metadata"]["name"].get<std::string>());
    return out;
}
} // namespace

class tst_Informer : public QObject
{
    Q_OBJECT
private slots:
    void indexesChildrenByController()
    {
        client::InformerSpec spec;
        spec.resource = "pods";
        spec.indexControllers = true;
        client::Informer inf(spec);
        inf.apply("ADDED", pod("default", "b", "uid-1"));
        inf.apply("ADDED", pod("default", "a", "uid-1"));
        inf.apply("ADDED", pod("default", "c", "uid-2"));
        inf.apply("ADDED", pod("default", "orphan"));
        inf.apply("ADDED", pod("other", "stray"));
        QCOMPARE(names(inf.listControlledBy("uid-1")), QStringList({"a", "b"}));
        QCOMPARE(names(inf.listControlledBy("uid-2")), QStringList({"c"}));
        QCOMPARE(names(inf.listUncontrolled("default")), QStringList({"orphan"}));
        QCOMPARE(names(inf.listUncontrolled("other")), QStringList({"stray"}));

        // Released by its owner: an orphan now. Adopted: a child of the adopter.
        inf.apply("MODIFIED", pod("default", "b"));
        inf.apply("MODIFIED", pod("default", "orphan", "uid-2"));
        QCOMPARE(names(inf.listControlledBy("uid-1")), QStringList({"a"}));
        QCOMPARE(names(inf.listControlledBy("uid-2")), QStringList({"c", "orphan"}));
        QCOMPARE(names(inf.listUncontrolled("default")), QStringList({"b"}));

        inf.apply("DELETED", pod("default", "a", "uid-1"));
        inf.apply("DELETED", pod("default", "b"));
        QVERIFY(inf.listControlledBy("uid-1").empty());
        QVERIFY(inf.listUncontrolled("default").empty());
        QCOMPARE(inf.objects().size(), size_t(3));
    }

    // A kubelet's or the scheduler's informer keeps no index (it would cost an entry per
    // pod): asking it for one is a programming error, not an empty answer.
    void withoutTheIndexListingByControllerIsRefused()
    {
        client::InformerSpec spec;
        spec.resource = "pods";
        client::Informer inf(spec);
        inf.apply("ADDED", pod("default", "a", "uid-1"));
        QVERIFY(inf.get("default/a"));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, inf.listControlledBy("uid-1"));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, inf.listUncontrolled("default"));
    }
};

QTEST_GUILESS_MAIN(tst_Informer)
#include "tst_informer.moc"
