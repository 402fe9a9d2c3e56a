#include "engine/kubectl/apply_patch.h"

#include <functional>

#include "engine/kubectl/object_util.h"

namespace kubelab::kubectl {

std::string lastAppliedValue(const Json& manifest)
{
    Json copy = manifest;
    if (copy.contains("metadata") && copy["metadata"].is_object()) {
        Json& meta = copy["metadata"];
        if (meta.contains("annotations") && meta["annotations"].is_object()) {
            meta["annotations"].erase(kLastAppliedAnnotation);
            if (meta["annotations"].empty())
                meta.erase("annotations");
        }
    }
    return copy.dump() + "\n";
}

namespace {

// Keys of `original` missing from `modified` become null (deletions), recursively.
void addDeletions(const Json& original, const Json& modified, Json* patch)
{
    if (!original.is_object() || !modified.is_object())
        return;
    for (auto it = original.begin(); it != original.end(); ++it) {
        auto m = modified.find(it.key());
        if (m == modified.end()) {
            (*patch)[it.key()] = nullptr;
        } else if (it->is_object() && m->is_object()) {
            Json sub = patch->contains(it.key()) ? (*patch)[it.key()] : Json::object();
            addDeletions(*it, *m, &sub);
            if (!sub.empty())
                (*patch)[it.key()] = sub;
        }
    }
}

void addChanges(const Json& current, const Json& modified, Json* patch);

// True when every element of `modified` is already in `current` at the same position,
// server-filled fields aside (containers gain imagePullPolicy, ports gain protocol...).
// Strategic merge compares such lists element by element; without this, every re-apply
// of a Deployment would report "configured" and bump its generation.
bool listsEquivalent(const Json& current, const Json& modified)
{
    if (current.size() != modified.size())
        return false;
    for (size_t i = 0; i < modified.size(); ++i) {
        if (current[i].is_object() && modified[i].is_object()) {
            Json sub = Json::object();
            addChanges(current[i], modified[i], &sub);
            if (!sub.empty())
                return false;
        } else if (current[i] != modified[i]) {
            return false;
        }
    }
    return true;
}

// Fields of `modified` that `current` lacks or holds differently. A changed list is sent
// whole: the patch is a JSON merge patch, which replaces lists.
void addChanges(const Json& current, const Json& modified, Json* patch)
{
    for (auto it = modified.begin(); it != modified.end(); ++it) {
        const Json* cur =
            current.is_object() && current.contains(it.key()) ? &current[it.key()] : nullptr;
        if (cur && *cur == *it)
            continue;
        if (cur && cur->is_array() && it->is_array() && listsEquivalent(*cur, *it))
            continue;
        if (cur && cur->is_object() && it->is_object()) {
            Json sub = Json::object();
            addChanges(*cur, *it, &sub);
            if (!sub.empty())
                (*patch)[it.key()] = sub;
        } else {
            (*patch)[it.key()] = *it;
        }
    }
}

} // namespace

Json threeWayMergePatch(const Json& original, const Json& modified, const Json& current)
{
    Json patch = Json::object();
    addChanges(current, modified, &patch);
    Json deletions = Json::object();
    addDeletions(original, modified, &deletions);
    // Deletions win only where the change pass said nothing.
    std::function<void(const Json&, Json*)> merge = [&](const Json& del, Json* into) {
        for (auto it = del.begin(); it != del.end(); ++it) {
            if (!into->contains(it.key()))
                (*into)[it.key()] = *it;
            else if (it->is_object() && (*into)[it.key()].is_object())
                merge(*it, &(*into)[it.key()]);
        }
    };
    merge(deletions, &patch);
    return patch;
}

} // namespace kubelab::kubectl
