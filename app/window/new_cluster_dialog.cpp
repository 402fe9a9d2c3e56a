#include "app/window/new_cluster_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "engine/model/decode.h"

namespace kubelab::app {

NewClusterDialog::NewClusterDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("New cluster"));
    auto* form = new QFormLayout;
    m_workers = new QSpinBox(this);
    m_workers->setRange(0, 5000);
    m_workers->setValue(3);
    m_cpu = new QSpinBox(this);
    m_cpu->setRange(1, 256);
    m_cpu->setValue(2);
    m_cpu->setSuffix(tr(" CPU"));
    m_memoryGi = new QSpinBox(this);
    m_memoryGi->setRange(1, 4096);
    m_memoryGi->setValue(4);
    m_memoryGi->setSuffix(QStringLiteral(" Gi"));
    m_seed = new QSpinBox(this);
    m_seed->setRange(1, 1 << 30);
    m_seed->setValue(1);
    m_seed->setToolTip(tr("The same seed and the same commands give the same run"));
    form->addRow(tr("Workers:"), m_workers);
    form->addRow(tr("Each worker:"), m_cpu);
    form->addRow(QString(), m_memoryGi);
    form->addRow(tr("Seed:"), m_seed);
    m_dns = new QCheckBox(tr("CoreDNS in kube-system, as kubeadm installs it"), this);
    m_dns->setChecked(true);
    m_dns->setToolTip(tr("Off (dns: none): no cluster DNS, so lookups from pods time out, as "
                         "they do when CoreDNS is down"));
    form->addRow(tr("Cluster DNS:"), m_dns);

    m_yaml = new QPlainTextEdit(this);
    m_yaml->setAccessibleName(tr("Topology YAML"));
    m_yaml->setFont(QFont(QStringLiteral("monospace")));
    m_yaml->setMinimumSize(420, 200);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c0392b"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Topology (edit for labels, taints, several groups):"), this));
    layout->addWidget(m_yaml, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    for (QSpinBox* box : {m_workers, m_cpu, m_memoryGi})
        connect(box, &QSpinBox::valueChanged, this, &NewClusterDialog::fillFromForm);
    connect(m_dns, &QCheckBox::toggled, this, &NewClusterDialog::fillFromForm);
    connect(m_yaml, &QPlainTextEdit::textChanged, this, [this, buttons] {
        check();
        buttons->button(QDialogButtonBox::Ok)->setEnabled(m_problem->text().isEmpty());
    });
    fillFromForm();
}

void NewClusterDialog::fillFromForm()
{
    m_yaml->setPlainText(QStringLiteral("controlPlanes: 1\n"
                                        "workers:\n"
                                        "  - prefix: worker\n"
                                        "    count: %1\n"
                                        "    capacity: {cpu: \"%2\", memory: %3Gi, pods: 110}\n"
                                        "dns: %4\n")
                             .arg(m_workers->value())
                             .arg(m_cpu->value())
                             .arg(m_memoryGi->value())
                             .arg(m_dns->isChecked() ? QStringLiteral("coredns")
                                                     : QStringLiteral("none")));
}

std::optional<cluster::Topology> NewClusterDialog::topology(QString* error) const
{
    try {
        return cluster::Topology::fromYaml(m_yaml->toPlainText().toStdString(), "topology");
    } catch (const model::DecodeError& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

void NewClusterDialog::check()
{
    QString error;
    topology(&error);
    m_problem->setText(error);
}

std::uint64_t NewClusterDialog::seed() const
{
    return std::uint64_t(m_seed->value());
}

} // namespace kubelab::app
