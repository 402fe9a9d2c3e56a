#include "app/aws/aws_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include "app/core/simulation_controller.h"
#include "engine/aws/acm_service.h"
#include "engine/aws/aws_common.h"
#include "engine/aws/sns_service.h"
#include "engine/cluster/cluster.h"

#include <nlohmann/json.hpp>

namespace kubelab::app {

namespace {

QTableView* table(QWidget* parent, QStandardItemModel* model, const QString& name)
{
    auto* t = new QTableView(parent);
    t->setModel(model);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setWordWrap(false);
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    t->setAccessibleName(name);
    return t;
}

void setRow(QStandardItemModel* model, int row, const QStringList& cells)
{
    for (int c = 0; c < cells.size(); ++c) {
        QStandardItem* item = model->item(row, c);
        if (!item) {
            item = new QStandardItem;
            item->setEditable(false);
            model->setItem(row, c, item);
        }
        if (item->text() != cells[c]) {
            item->setText(cells[c]);
            item->setToolTip(cells[c]);
        }
    }
}

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

// ACM's names as the console shows them.
QString typeLabel(const std::string& type)
{
    return type == "AMAZON_ISSUED" ? QObject::tr("Amazon issued")
           : type == "IMPORTED"    ? QObject::tr("Imported")
           : type == "PRIVATE"     ? QObject::tr("Private")
                                   : qs(type);
}

// SNS mails an EventBridge event as its JSON on one line, then a footer after "--".
std::string messagePart(const std::string& body)
{
    const auto footer = body.find("\n\n--\n");
    return footer == std::string::npos ? body : body.substr(0, footer);
}

// What an EventBridge notice is about ("ACM Certificate Approaching Expiration ·
// shop.example.com · 12 days left"); "" for other mail (a subscription's confirmation
// request).
QString eventOf(const std::string& body)
{
    const auto event = nlohmann::json::parse(messagePart(body), nullptr, false);
    if (!event.is_object() || !event.contains("detail-type"))
        return {};
    QString what = qs(event.value("detail-type", ""));
    const auto& detail = event.contains("detail") ? event["detail"] : nlohmann::json();
    if (detail.is_object()) {
        if (detail.contains("CommonName") && detail["CommonName"].is_string())
            what += QStringLiteral(" · ") + qs(detail["CommonName"].get<std::string>());
        if (detail.contains("DaysToExpiry") && detail["DaysToExpiry"].is_number())
            what += QObject::tr(" · %1 days left").arg(detail["DaysToExpiry"].get<double>());
    }
    return what;
}

// The body as the learner reads it: an event's JSON indented.
QString readable(const std::string& body)
{
    const std::string message = messagePart(body);
    const auto event = nlohmann::ordered_json::parse(message, nullptr, false); // AWS's order
    return event.is_object() ? qs(event.dump(2) + body.substr(message.size())) : qs(body);
}

} // namespace

AwsView::AwsView(SimulationController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* split = new QSplitter(Qt::Vertical, this);
    auto* certBox = new QWidget(split);
    auto* certLayout = new QVBoxLayout(certBox);
    certLayout->setContentsMargins(0, 0, 0, 0);
    certLayout->setSpacing(2);
    auto* certTitle = new QLabel(tr("<b>Certificates</b> (AWS Certificate Manager, us-east-1)"), certBox);
    m_certs = new QStandardItemModel(0, 7, this);
    m_certs->setHorizontalHeaderLabels({tr("DOMAIN"), tr("TYPE"), tr("STATUS"), tr("NOT AFTER"),
                                        tr("DAYS LEFT"), tr("IN USE BY"), tr("RENEWAL")});
    m_certView = table(certBox, m_certs, tr("ACM certificates"));
    certLayout->addWidget(certTitle);
    certLayout->addWidget(m_certView, 1);

    auto* inboxBox = new QWidget(split);
    auto* inboxLayout = new QVBoxLayout(inboxBox);
    inboxLayout->setContentsMargins(0, 0, 0, 0);
    inboxLayout->setSpacing(2);
    m_inboxTitle = new QLabel(inboxBox);
    m_inbox = new QStandardItemModel(0, 4, this);
    m_inbox->setHorizontalHeaderLabels({tr("RECEIVED"), tr("FROM"), tr("SUBJECT"), tr("EVENT")});
    auto* mailSplit = new QSplitter(Qt::Horizontal, inboxBox);
    m_inboxView = table(mailSplit, m_inbox, tr("Inbox"));
    m_message = new QPlainTextEdit(mailSplit);
    m_message->setReadOnly(true);
    m_message->setAccessibleName(tr("Message"));
    m_message->setPlaceholderText(tr("Pick a message to read it."));
    mailSplit->setStretchFactor(0, 3);
    mailSplit->setStretchFactor(1, 2);
    inboxLayout->addWidget(m_inboxTitle);
    inboxLayout->addWidget(mailSplit, 1);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split);

    connect(controller, &SimulationController::advanced, this, &AwsView::refresh);
    connect(m_inboxView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& index) { showMessage(index.row()); });
}

void AwsView::setActive(bool active)
{
    m_active = active;
    if (active)
        refresh();
}

void AwsView::refresh()
{
    const cluster::Cluster& cluster = m_controller->cluster();
    const sim::Simulation& sim = cluster.sim();
    const auto* box = sim.actorAs<aws::Mailbox>(aws::kMailbox);
    const int mails = box ? int(box->mail().size()) : 0;
    if (!m_active) {
        // Behind another tab: only count what arrived.
        if (mails > m_seen)
            Q_EMIT unread(mails - m_seen);
        return;
    }
    const std::tuple stamp{sim.processed(), std::int64_t(sim.now() / sim::kDay)};
    if (stamp == m_stamp)
        return;
    m_stamp = stamp;
    const auto* acm = sim.actorAs<aws::AcmService>(aws::kAcm);
    const int certRows = acm ? int(acm->certificates().size()) : 0;
    const bool certsGrew = m_certs->rowCount() != certRows;
    m_certs->setRowCount(certRows);
    if (acm) {
        int row = 0;
        for (const auto& [arn, c] : acm->certificates()) {
            const std::int64_t days = c.daysToExpiry(sim.now());
            QStringList uses;
            for (const auto& r : c.inUseBy)
                uses << qs(r.substr(r.rfind(':') + 1));
            setRow(m_certs, row,
                   {qs(c.domainName), typeLabel(c.type), qs(c.status),
                    c.notAfter ? qs(aws::isoTimestamp(c.notAfter)) : QString(),
                    c.status == "ISSUED" ? QString::number(days) : QStringLiteral("-"),
                    uses.isEmpty() ? tr("not in use") : uses.join(QStringLiteral(", ")),
                    c.renewalStatus.empty()
                        ? (c.renewalEligible() ? tr("eligible") : tr("not eligible"))
                        : qs(c.renewalStatus)});
            // Expired red, within 30 days amber: what the learner is watching for.
            const QColor tint = c.status == "EXPIRED" ? QColor(0xc0, 0x39, 0x2b)
                                : days <= 30          ? QColor(0xb9, 0x77, 0x0e)
                                                      : QColor();
            for (int col : {2, 4})
                m_certs->item(row, col)->setForeground(tint.isValid() ? QBrush(tint) : QBrush());
            ++row;
        }
    }
    if (certsGrew)
        m_certView->resizeColumnsToContents();
    const bool grew = m_inbox->rowCount() != mails;
    m_inbox->setRowCount(mails);
    for (int r = 0; r < mails; ++r) {
        const auto& m = box->mail()[size_t(r)];
        setRow(m_inbox, r,
               {qs(aws::isoTimestamp(m.received)), qs(m.from), qs(m.subject), eventOf(m.body)});
    }
    m_inboxTitle->setText(mails == 0
                              ? tr("<b>Inbox</b>: empty. Subscribe an e-mail address to an SNS "
                                   "topic (aws sns subscribe) and confirm it to receive notices "
                                   "here.")
                              : tr("<b>Inbox</b>: %n message(s) from SNS", nullptr, mails));
    if (grew) {
        m_inboxView->resizeColumnsToContents();
        // The sender and the subject are the same on every notice: the event matters.
        for (int column : {1, 2})
            m_inboxView->setColumnWidth(
                column, std::min(m_inboxView->columnWidth(column),
                                 m_inboxView->fontMetrics().averageCharWidth() * 16));
        // The newest message open, unless the learner is reading another.
        if (mails > 0 && (!m_inboxView->currentIndex().isValid() ||
                          m_inboxView->currentIndex().row() == mails - 1 - (mails - m_seen)))
            m_inboxView->setCurrentIndex(m_inbox->index(mails - 1, 0));
        m_inboxView->scrollToBottom();
    }
    if (m_inboxView->currentIndex().row() >= mails)
        m_message->clear();
    m_seen = mails;
    Q_EMIT unread(0);
}

void AwsView::showMessage(int row)
{
    const auto* box = m_controller->cluster().sim().actorAs<aws::Mailbox>(aws::kMailbox);
    if (!box || row < 0 || row >= int(box->mail().size())) {
        m_message->clear();
        return;
    }
    const auto& m = box->mail()[size_t(row)];
    m_message->setPlainText(tr("From: %1\nTo: %2\nDate: %3\nSubject: %4\n\n%5")
                                .arg(qs(m.from), qs(m.to), qs(aws::isoTimestamp(m.received)),
                                     qs(m.subject), readable(m.body)));
}

} // namespace kubelab::app
