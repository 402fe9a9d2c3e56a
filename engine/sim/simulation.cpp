#include "engine/sim/simulation.h"

#include <algorithm>

namespace kubelab::sim {

namespace {
struct Later
{
    bool operator()(const QueuedEvent& a, const QueuedEvent& b) const
    {
        return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
};
} // namespace

Time Context::now() const
{
    return m_sim.now();
}
Rng& Context::rng()
{
    return m_sim.rng();
}

void Context::send(const std::string& to, std::string kind, nlohmann::json body)
{
    m_sim.send(Message{m_self, to, std::move(kind), std::move(body), false, nullptr});
}

void Context::send(const std::string& to, std::string kind, nlohmann::json body,
                   std::shared_ptr<const nlohmann::json> object)
{
    m_sim.send(Message{m_self, to, std::move(kind), std::move(body), false, std::move(object)});
}

void Context::send(const std::string& to, std::string kind, nlohmann::json body,
                   std::shared_ptr<const Payload> payload)
{
    Message m{m_self, to, std::move(kind), std::move(body), false, nullptr};
    m.payload = std::move(payload);
    m_sim.send(std::move(m));
}

void Context::timer(Duration after, std::string kind, nlohmann::json body, bool periodic)
{
    m_sim.schedule(Message{m_self, m_self, std::move(kind), std::move(body),
                           periodic || m_sim.currentPeriodic()},
                   after);
}

void Context::activity()
{
    m_sim.clearCurrentPeriodic();
}

void Context::describe(std::string kind, std::string target, std::string summary,
                       nlohmann::json detail)
{
    TraceRecord r;
    r.actor = m_self;
    r.kind = std::move(kind);
    r.target = std::move(target);
    r.summary = std::move(summary);
    r.detail = detail.dump();
    m_sim.describeCurrent(std::move(r));
}

void Context::describe(std::string kind, std::string target, std::string summary,
                       nlohmann::json detail, std::vector<TraceRecord::Attachment> attachments)
{
    describe(std::move(kind), std::move(target), std::move(summary), std::move(detail));
    m_sim.currentRecord().attachments = std::move(attachments);
}

Simulation::Simulation(std::uint64_t seed) : m_seed(seed), m_rng(seed) {}
Simulation::~Simulation() = default;

std::unique_ptr<Simulation> Simulation::clone(bool withTrace) const
{
    auto copy = std::make_unique<Simulation>(m_seed);
    copy->m_now = m_now;
    copy->m_nextSeq = m_nextSeq;
    copy->m_processed = m_processed;
    copy->m_rng = m_rng;
    copy->m_network = m_network;
    if (withTrace)
        *copy->m_trace = *m_trace;
    copy->m_actors = m_actors; // copy on write: see mutableActor
    copy->m_queue = m_queue;
    return copy;
}

std::unique_ptr<Trace> Simulation::releaseTrace()
{
    auto trace = std::move(m_trace);
    m_trace = std::make_unique<Trace>();
    return trace;
}

void Simulation::adoptTrace(std::unique_ptr<Trace> trace)
{
    m_trace = trace ? std::move(trace) : std::make_unique<Trace>();
}

Actor* Simulation::addActor(std::unique_ptr<Actor> actor, const std::string& host)
{
    Actor* raw = actor.get();
    const std::string name = raw->name();
    m_network.placeActor(name, host);
    m_actors[name] = std::move(actor);
    Context ctx(*this, name);
    raw->start(ctx);
    return raw;
}

const Actor* Simulation::actor(const std::string& name) const
{
    auto it = m_actors.find(name);
    return it == m_actors.end() ? nullptr : it->second.get();
}

Actor* Simulation::mutableActor(const std::string& name)
{
    auto it = m_actors.find(name);
    if (it == m_actors.end())
        return nullptr;
    if (it->second.use_count() > 1) // shared with a checkpoint (or a copy of one)
        it->second = it->second->clone();
    return it->second.get();
}

std::vector<std::string> Simulation::actorNames() const
{
    std::vector<std::string> names;
    for (const auto& [name, a] : m_actors)
        names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
}

void Simulation::push(QueuedEvent event)
{
    m_queue.push_back(std::move(event));
    std::push_heap(m_queue.begin(), m_queue.end(), Later{});
}

void Simulation::post(Message message, Duration delay)
{
    push(QueuedEvent{m_now + delay, m_nextSeq++, std::move(message)});
}

void Simulation::send(Message message)
{
    message.periodic = message.periodic || m_currentPeriodic;
    Duration d = m_network.latency(m_network.hostOf(message.from), m_network.hostOf(message.to));
    push(QueuedEvent{m_now + d, m_nextSeq++, std::move(message)});
}

void Simulation::schedule(Message message, Duration after)
{
    push(QueuedEvent{m_now + std::max<Duration>(after, 0), m_nextSeq++, std::move(message)});
}

const QueuedEvent* Simulation::peek() const
{
    return m_queue.empty() ? nullptr : &m_queue.front();
}

void Simulation::describeCurrent(TraceRecord record)
{
    m_current = std::move(record);
}

bool Simulation::step()
{
    if (m_queue.empty())
        return false;
    std::pop_heap(m_queue.begin(), m_queue.end(), Later{});
    QueuedEvent event = std::move(m_queue.back());
    m_queue.pop_back();
    m_now = std::max(m_now, event.time);
    ++m_processed;

    m_current.reset();
    m_currentPeriodic = event.message.periodic;
    Actor* target = mutableActor(event.message.to);
    if (target) {
        Context ctx(*this, target->name());
        target->receive(ctx, event.message);
    }
    TraceRecord record;
    if (m_current) {
        record = std::move(*m_current);
    } else {
        record.actor = event.message.to;
        record.target = event.message.from == event.message.to ? "" : event.message.from;
        record.kind = target ? event.message.kind : "dropped";
        record.summary = target ? event.message.kind + " from " + event.message.from
                                : "no actor " + event.message.to + " for " + event.message.kind;
    }
    record.time = m_now;
    record.seq = event.seq;
    if (m_currentPeriodic) {
        nlohmann::json d = nlohmann::json::parse(record.detail, nullptr, false);
        if (d.is_object()) {
            d["periodic"] = true;
            record.detail = d.dump();
        }
    }
    m_trace->append(std::move(record));
    m_current.reset();
    m_currentPeriodic = false;
    return true;
}

void Simulation::runUntil(Time t)
{
    while (!m_queue.empty() && m_queue.front().time <= t)
        step();
    m_now = std::max(m_now, t);
}

} // namespace kubelab::sim
