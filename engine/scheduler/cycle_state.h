#pragma once
// Data a plugin computes in PreFilter/PreScore and reads in Filter/Score during one
// scheduling cycle, as framework.CycleState. Slots are indexed by the plugin's position
// in the framework (no string lookups in the per-node loop).
#include <memory>
#include <vector>

namespace kubelab::scheduler {

struct StateData
{
    virtual ~StateData() = default;
    virtual std::unique_ptr<StateData> clone() const = 0;
};

class CycleState
{
public:
    explicit CycleState(std::size_t slots = 0) : m_slots(slots) {}
    CycleState(const CycleState& o) : m_slots(o.m_slots.size())
    {
        for (std::size_t i = 0; i < o.m_slots.size(); ++i)
            if (o.m_slots[i])
                m_slots[i] = o.m_slots[i]->clone();
    }
    CycleState& operator=(const CycleState&) = delete;

    void write(int slot, std::unique_ptr<StateData> data)
    {
        if (slot >= static_cast<int>(m_slots.size()))
            m_slots.resize(slot + 1);
        m_slots[slot] = std::move(data);
    }
    template<typename T>
    const T* read(int slot) const
    {
        if (slot < 0 || slot >= static_cast<int>(m_slots.size()))
            return nullptr;
        return static_cast<const T*>(m_slots[slot].get());
    }

private:
    std::vector<std::unique_ptr<StateData>> m_slots;
};

} // namespace kubelab::scheduler
