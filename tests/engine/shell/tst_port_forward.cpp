// kubectl port-forward in the shell: a forward to a pod or a Service (resolved to one pod
// by kubectl, not kube-proxy), curl and wget from the workstation through it (API server
// -> kubelet -> the pod's port, in the trace), --stop, and kubectl's errors. Each check has
// a sibling that the wrong answer fails.
#include <QtTest>

#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using nlohmann::json;

namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

void setUp(testing::ClusterLab& lab)
{
    lab.sh("kubectl run echo --image=hashicorp/http-echo --labels=app=echo -- -text=hello");
    lab.sh("kubectl apply -f -", R"(apiVersion: v1
kind: Service
metadata: {name: echo}
spec:
  selector: {app: echo}
  ports: [{name: http, port: 80, targetPort: 5678}]
)");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
}

// The kinds of the records since `from`.
std::vector<std::string> kindsSince(testing::ClusterLab& lab, std::size_t from)
{
    std::vector<std::string> out;
    const auto& records = lab.cluster().sim().trace();
    for (auto it = records.from(from); it != records.end(); ++it)
        out.push_back(it->kind);
    return out;
}

} // namespace

class tst_PortForward : public QObject
{
    Q_OBJECT

private slots:
    void toPod();
    void toService();
    void stop();
    void errors_data();
    void errors();
};

void tst_PortForward::toPod()
{
    testing::ClusterLab lab;
    setUp(lab);
    // Nothing listens on the workstation before the forward.
    lab.sh("curl localhost:8080");
    QVERIFY(!lab.ok());
    QVERIFY(contains(lab.lastError(), "curl: (7) Failed to connect to localhost port 8080"));
    QCOMPARE(lab.sh("kubectl port-forward pod/echo 8080:5678"),
             std::string("Forwarding from 127.0.0.1:8080 -> 5678\n"
                         "Forwarding from [::1]:8080 -> 5678\n"));
    QVERIFY(lab.ok());
    const std::size_t before = lab.cluster().sim().trace().size();
    QCOMPARE(lab.sh("curl localhost:8080"), std::string("Handling connection for 8080\nhello\n"));
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    // Through the API server to the pod's kubelet and back.
    const auto kinds = kindsSince(lab, before);
    const auto at = [&](const std::string& k) {
        return std::find(kinds.begin(), kinds.end(), k) - kinds.begin();
    };
    QVERIFY(at("kubelet.portforward") < std::ptrdiff_t(kinds.size()));
    QVERIFY(at("api.request") < at("kubelet.portforward"));
    QCOMPARE(lab.sh("wget -qO- http://127.0.0.1:8080/"),
             std::string("Handling connection for 8080\nhello\n"));
    // The forward goes to that port only: a port nothing listens on in the pod fails.
    lab.sh("kubectl port-forward echo 8081:80");
    QVERIFY(lab.ok());
    const std::string out = lab.sh("curl localhost:8081");
    QVERIFY(!lab.ok());
    QCOMPARE(out, std::string("Handling connection for 8081\n"));
    QVERIFY(contains(lab.lastError(), "an error occurred forwarding 8081 -> 80"));
    QVERIFY(contains(lab.lastError(), "curl: (52) Empty reply from server"));
}

void tst_PortForward::toService()
{
    testing::ClusterLab lab;
    setUp(lab);
    // The Service port 80 is the pod's 5678 (its targetPort).
    QCOMPARE(lab.sh("kubectl port-forward svc/echo 9000:80"),
             std::string("Forwarding from 127.0.0.1:9000 -> 5678\n"
                         "Forwarding from [::1]:9000 -> 5678\n"));
    QCOMPARE(lab.sh("curl localhost:9000"), std::string("Handling connection for 9000\nhello\n"));
    // By the port's name too.
    QVERIFY(contains(lab.sh("kubectl port-forward service/echo 9001:http"), "9001 -> 5678"));
    lab.sh("kubectl port-forward svc/echo 9002:5678");
    QVERIFY(!lab.ok());
    QCOMPARE(lab.lastError(), std::string("error: Service echo does not have a service port 5678\n"));
    // The pod was chosen once: deleting it loses the connection, no other pod takes over.
    lab.sh("kubectl delete pod echo");
    lab.settle();
    lab.sh("curl localhost:9000");
    QVERIFY(!lab.ok());
    QVERIFY(contains(lab.lastError(), "error: lost connection to pod"));
    lab.sh("curl localhost:9000");
    QVERIFY(contains(lab.lastError(), "curl: (7) Failed to connect to localhost port 9000"));
}

void tst_PortForward::stop()
{
    testing::ClusterLab lab;
    setUp(lab);
    lab.sh("kubectl port-forward pod/echo 8080:5678");
    lab.sh("kubectl port-forward pod/echo 8081:5678");
    lab.sh("kubectl port-forward --stop 8080");
    QVERIFY(lab.ok());
    lab.sh("curl localhost:8080");
    QVERIFY(!lab.ok());
    QVERIFY(contains(lab.sh("curl localhost:8081"), "hello"));
    lab.sh("kubectl port-forward --stop 8080");
    QVERIFY(!lab.ok());
    lab.sh("kubectl port-forward --stop");
    QVERIFY(lab.ok());
    lab.sh("curl localhost:8081");
    QVERIFY(!lab.ok());
}

void tst_PortForward::errors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("error");
    QTest::newRow("no pod") << "kubectl port-forward pod/nosuch 8080:80"
                            << "Error from server (NotFound): pods \"nosuch\" not found";
    QTest::newRow("no service") << "kubectl port-forward svc/nosuch 8080:80"
                                << "Error from server (NotFound): services \"nosuch\" not found";
    QTest::newRow("pending") << "kubectl port-forward stuck 8080:80"
                             << "error: unable to forward port because pod is not running. "
                                "Current status=Pending";
    QTest::newRow("no pods") << "kubectl port-forward svc/nobody 8080:80"
                             << "error: timed out waiting for the condition";
    QTest::newRow("no ports") << "kubectl port-forward pod/echo"
                              << "error: TYPE/NAME and list of ports are required for port-forward";
    QTest::newRow("bad type") << "kubectl port-forward foo/echo 8080:80"
                              << "error: the server doesn't have a resource type \"foo\"";
    QTest::newRow("in use") << "kubectl port-forward pod/echo 7000:5678"
                            << "error: unable to listen on any of the requested ports: "
                               "[{7000 5678}]";
    // Any other host is a name the workstation's resolver looks up (the AWS account's load
    // balancers): a Service's name is not one.
    QTest::newRow("not localhost") << "curl web:80" << "curl: (6) Could not resolve host: web";
}

void tst_PortForward::errors()
{
    QFETCH(QString, command);
    QFETCH(QString, error);
    testing::ClusterLab lab;
    setUp(lab);
    lab.sh("kubectl apply -f -", R"(apiVersion: v1
kind: Pod
metadata: {name: stuck}
spec:
  nodeSelector: {disk: none}
  containers: [{name: nginx, image: nginx}]
---
apiVersion: v1
kind: Service
metadata: {name: nobody}
spec:
  selector: {app: nobody}
  ports: [{port: 80}]
)");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
    lab.sh("kubectl port-forward pod/echo 7000:5678");
    QVERIFY(lab.ok());
    lab.sh(command.toStdString());
    QVERIFY(!lab.ok());
    QVERIFY2(lab.lastError().rfind(error.toStdString(), 0) == 0, lab.lastError().c_str());
    // The same command against a pod that runs succeeds where the error was about the target.
    if (command.contains("nosuch") || command.contains("stuck")) {
        lab.sh("kubectl port-forward pod/echo 7001:5678");
        QVERIFY(lab.ok());
    }
}

QTEST_GUILESS_MAIN(tst_PortForward)
#include "tst_port_forward.moc"
