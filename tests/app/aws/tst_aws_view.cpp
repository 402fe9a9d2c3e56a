// The AWS dock: ACM's certificates as the console's table shows them, the inbox filling
// as SNS delivers, the newest message opened, and the unread count while the dock is
// behind another tab. Runs on the AWS account alone (controlPlanes: 0), where days pass
// in milliseconds.
#include <QtTest>

#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>

#include "app/aws/aws_view.h"
#include "app/core/simulation_controller.h"
#include "engine/cluster/topology.h"

using kubelab::app::AwsView;
using kubelab::app::SimulationController;

namespace {
QString cell(QTableView* view, int row, int column)
{
    return view->model()->index(row, column).data().toString();
}

const char* kScenarios = KUBELAB_SOURCE_DIR "/tests/scenarios";

// The scenario's import, subscription and rule: notices from 45 days before expiry.
const char* kSetup =
    "aws acm import-certificate --certificate fileb://shop-cert.pem --private-key fileb://shop.key\n"
    "aws sns create-topic --name cert-expiry\n"
    "aws sns subscribe --topic-arn arn:aws:sns:us-east-1:123456789012:cert-expiry --protocol "
    "email --notification-endpoint ops@example.com\n";
} // namespace

class tst_AwsView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void certificatesAndInbox()
    {
        SimulationController controller(
            kubelab::cluster::Topology::fromYaml("controlPlanes: 0\nworkers: []\n", "aws.yaml"), 1);
        AwsView view(&controller);
        view.resize(900, 600);
        view.show();
        view.setActive(true);
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.certificatesView()->model()->rowCount(), 0);
        QVERIFY(view.inboxTitle()->text().contains("empty"));

        QVERIFY(controller.runScript(kSetup, kScenarios));
        QCOMPARE(view.certificatesView()->model()->rowCount(), 1);
        QCOMPARE(cell(view.certificatesView(), 0, 0), QStringLiteral("shop.example.com"));
        QCOMPARE(cell(view.certificatesView(), 0, 1), QStringLiteral("Imported"));
        QCOMPARE(cell(view.certificatesView(), 0, 2), QStringLiteral("ISSUED"));
        QCOMPARE(cell(view.certificatesView(), 0, 5), QStringLiteral("not in use"));
        // The subscription's confirmation request is the first mail, and it is open.
        QCOMPARE(view.inboxView()->model()->rowCount(), 1);
        QVERIFY(cell(view.inboxView(), 0, 2).contains("Subscription Confirmation"));
        QVERIFY(view.messageView()->toPlainText().contains("To: ops@example.com"));
        QVERIFY(!view.inboxTitle()->text().contains("empty"));

        // Behind another tab, new mail is counted, not shown.
        view.setActive(false);
        QSignalSpy unread(&view, &AwsView::unread);
        QVERIFY(controller.runScript(
            "aws sns confirm-subscription --topic-arn arn:aws:sns:us-east-1:123456789012:"
            "cert-expiry --token 6d101615757f0f1912ac705f9c134ece\n"
            "aws events put-rule --name cert-expiry --event-pattern "
            "'{\"source\":[\"aws.acm\"],\"detail-type\":[\"ACM Certificate Approaching "
            "Expiration\"]}'\n"
            "aws events put-targets --rule cert-expiry --targets "
            "Id=email-ops,Arn=arn:aws:sns:us-east-1:123456789012:cert-expiry\n"
            "run 10d\n"));
        QVERIFY(!unread.isEmpty());
        QVERIFY(unread.last().at(0).toInt() > 0);
        QCOMPARE(view.inboxView()->model()->rowCount(), 1); // not yet read again
        view.setActive(true);
        const int mails = view.inboxView()->model()->rowCount();
        QVERIFY(mails > 1);
        QCOMPARE(unread.last().at(0).toInt(), 0);
        // The notice says what it is about; the confirmation request (row 0) is no event.
        QVERIFY2(cell(view.inboxView(), mails - 1, 3)
                     .startsWith("ACM Certificate Approaching Expiration · shop.example.com · "),
                 qPrintable(cell(view.inboxView(), mails - 1, 3)));
        QCOMPARE(cell(view.inboxView(), 0, 3), QString());
        QVERIFY(view.messageView()->toPlainText().contains("\"detail-type\": \"ACM Certificate"));
        // Days left is ACM's DaysToExpiry, and it counts down.
        const int before = cell(view.certificatesView(), 0, 4).toInt();
        QVERIFY(controller.runScript("run 2d\n"));
        QCOMPARE(cell(view.certificatesView(), 0, 4).toInt(), before - 2);
    }

    void quietWithoutMail()
    {
        SimulationController controller(
            kubelab::cluster::Topology::fromYaml("controlPlanes: 0\nworkers: []\n", "aws.yaml"), 1);
        AwsView view(&controller);
        QSignalSpy unread(&view, &AwsView::unread);
        QVERIFY(controller.runScript("run 2d\n"));
        for (const auto& args : unread)
            QCOMPARE(args.at(0).toInt(), 0);
        QCOMPARE(view.inboxView()->model()->rowCount(), 0);
    }
};

QTEST_MAIN(tst_AwsView)
#include "tst_aws_view.moc"
