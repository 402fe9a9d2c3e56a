#pragma once
// File → New cluster: the shape of a fresh cluster (control planes, worker groups with
// capacity, seed), edited as the same YAML `kubelab-sim shell --cluster` reads, with a
// form for the common case and the engine's own parser checking the result.
#include <QDialog>
#include <optional>

#include "engine/cluster/topology.h"

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;

namespace kubelab::app {

class NewClusterDialog : public QDialog
{
    Q_OBJECT
public:
    explicit NewClusterDialog(QWidget* parent = nullptr);

    // The topology as parsed from the YAML box; nullopt (and the error shown) if invalid.
    std::optional<cluster::Topology> topology(QString* error = nullptr) const;
    std::uint64_t seed() const;
    QPlainTextEdit* yaml() const { return m_yaml; }
    QCheckBox* dns() const { return m_dns; }

private:
    void fillFromForm();
    void check();

    QSpinBox* m_workers;
    QSpinBox* m_cpu;
    QSpinBox* m_memoryGi;
    QSpinBox* m_seed;
    QCheckBox* m_dns;
    QPlainTextEdit* m_yaml;
    QLabel* m_problem;
};

} // namespace kubelab::app
