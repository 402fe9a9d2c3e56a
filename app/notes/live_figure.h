#pragma once
// A chapter's live figure: a fenced ```live block whose text is YAML
//
//   figure: owners            # nodes | owners | components | endpoints
//   object: deployment/web    # owners: deployment/NAME; endpoints: service/NAME
//   namespace: default        # optional, for `object` (default "default")
//   selector: app=web         # nodes only, optional: draw only the pods it matches
//   caption: The Deployment's ReplicaSet and its pods.   # optional, inline Markdown
//
// decoded strictly (unknown keys, an unknown figure, an object of the wrong kind, a field
// the figure does not take, a selector kubectl would refuse are errors naming the chapter
// line). The page draws it with liveFigureSvg, read from the API server's watch cache as
// the map and inspector read it (never advancing or changing the engine), again each time
// the cluster moves. Used by renderChapter and NotesBridge.
#include <QString>
#include <QVariantMap>

namespace kubelab::cluster {
class Cluster;
}

namespace kubelab::app {

struct LiveFigure
{
    enum class Kind { Nodes, Owners, Components, Endpoints };
    Kind kind = Kind::Nodes;
    QString selector;   // nodes: a label selector ("app=web"), empty for every pod
    QString objectName; // owners: the Deployment, endpoints: the Service
    QString ns = QStringLiteral("default");
    QString caption;    // Markdown (inline), may be empty
    // The width to draw at, in CSS pixels: the page sends its text column's (clamped).
    static constexpr int kMinWidth = 320, kMaxWidth = 1200;
    int width = 680;

    // What the page keeps in the figure's data attributes and hands back to the bridge:
    // {figure, selector, object ("deployment/web"), namespace}; the page adds `width`.
    QVariantMap toMap() const;
};

struct LiveFigureDecode
{
    LiveFigure figure;
    QString error; // "line N:C: ..." in chapter lines; empty when the block is well formed
};

// Decodes one block. `firstLine` is the chapter line (1-based) of the block's first line
// of YAML, so errors point into the chapter file.
LiveFigureDecode decodeLiveFigure(const QString& yaml, int firstLine);
// The same checks on what the page sends back (LiveFigure::toMap); errors without lines.
LiveFigureDecode liveFigureFromMap(const QVariantMap& map);

// The figure drawn from the cluster as it is now: an <svg> `figure.width` wide (the text
// column's width, so its text is at the page's size), coloured by the notes stylesheets' classes and custom properties so it
// reads in light and dark, or a short text that says what to do when there is nothing to
// draw yet. Reads only; `cluster` is not changed.
QString liveFigureSvg(const cluster::Cluster& cluster, const LiveFigure& figure);
// The line under every live figure: "Live: drawn from the cluster beside you at virtual
// time 12.300s".
QString liveFigureStamp(const cluster::Cluster& cluster);

} // namespace kubelab::app
