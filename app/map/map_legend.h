#pragma once
// The cluster map's key, under the map: a swatch for each pod state, the node and component
// marks. Entries wrap onto a second line when the map is narrow. Each entry's tooltip says
// what it covers.
#include <QWidget>

namespace kubelab::app {

class MapLegend : public QWidget
{
    Q_OBJECT
public:
    explicit MapLegend(QWidget* parent = nullptr);

    // "Running", "NotReady node", ... in drawing order (tests, accessibility).
    QStringList labels() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    enum class Mark { Chip, NotReadyNode, Running, Stopped, NotSimulated };
    struct Entry
    {
        Mark mark;
        QColor color;
        QString label;
        QString description;
    };
    // Each entry's rectangle when laid out in `width`.
    std::vector<QRect> layout(int width) const;
    int entryWidth(const Entry& e) const;

    std::vector<Entry> m_entries;
};

} // namespace kubelab::app
