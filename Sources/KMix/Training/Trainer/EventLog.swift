import Synchronization

/// A bounded, thread-safe log of events that any number of observers read at their own pace.
///
/// Events get consecutive sequence numbers. An observer keeps a cursor (the
/// number of events it has seen) and reads what came after it; when it falls
/// more than `capacity` events behind, the oldest are gone and the read says
/// how many it missed (the run's `metrics.jsonl` keeps the full history).
public final class EventLog<Event: Sendable>: Sendable {
    private struct Ring {
        var slots: [Event?]
        var appended = 0
    }

    /// How many of the newest events are kept.
    public let capacity: Int
    private let ring: Mutex<Ring>

    /// An empty log keeping the newest `capacity` events.
    public init(capacity: Int = 65_536) {
        self.capacity = max(1, capacity)
        ring = Mutex(Ring(slots: [Event?](repeating: nil, count: max(1, capacity))))
    }

    /// Appends an event.
    public func append(_ event: Event) {
        ring.withLock { ring in
            ring.slots[ring.appended % capacity] = event
            ring.appended += 1
        }
    }

    /// Events appended so far.
    public var count: Int { ring.withLock { $0.appended } }

    /// What an observer reads: the events after its cursor, its next cursor,
    /// and how many events it missed because they had left the log.
    public struct Read: Sendable {
        public let events: [Event]
        public let cursor: Int
        public let missed: Int
    }

    /// The events after `cursor` (0 for all).
    public func read(after cursor: Int) -> Read {
        ring.withLock { ring in
            let oldest = max(0, ring.appended - capacity)
            let start = max(cursor, oldest)
            let events = (start..<ring.appended).map { ring.slots[$0 % capacity]! }
            return Read(events: events, cursor: ring.appended, missed: start - cursor)
        }
    }
}
