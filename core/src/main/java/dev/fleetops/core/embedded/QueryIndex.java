package dev.fleetops.core.embedded;

import dev.fleetops.core.model.Twin;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What queries see. With no lag, queries read the live twins. With a lag, every change becomes visible to queries
 * only once the lag has passed on the hub's clock, as on a real hub whose query results are eventually consistent,
 * while reads by id stay current. Thread-safe.
 */
final class QueryIndex {

    private final NavigableMap<String, DeviceRecord> live;
    private long lagNanos;
    private volatile NavigableMap<String, Twin> view;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private record Pending(long visibleAt, String key, Twin twin) {
    }

    QueryIndex(NavigableMap<String, DeviceRecord> live) {
        this.live = live;
    }

    synchronized void setLag(Duration lag) {
        long nanos = lag.toNanos();
        if (nanos <= 0) {
            view = null;
            pending.clear();
            lagNanos = 0;
            return;
        }
        if (view == null) {
            NavigableMap<String, Twin> copy = new ConcurrentSkipListMap<>();
            for (Map.Entry<String, DeviceRecord> e : live.entrySet()) {
                copy.put(e.getKey(), e.getValue().twin());
            }
            view = copy;
        }
        lagNanos = nanos;
    }

    synchronized Duration lag() {
        return Duration.ofNanos(lagNanos);
    }

    /** Records a change made at {@code nowNanos}; a null twin stands for a deletion. */
    void changed(String key, Twin twin, long nowNanos) {
        if (view == null) {
            return;
        }
        synchronized (this) {
            if (view != null) {
                pending.addLast(new Pending(nowNanos + lagNanos, key, twin));
            }
        }
    }

    /** Returns the twins queries see at {@code nowNanos} whose key is after {@code afterKey} (null: from the start). */
    Iterator<Twin> twinsAfter(String afterKey, long nowNanos) {
        NavigableMap<String, Twin> v = catchUp(nowNanos);
        if (v != null) {
            return (afterKey == null ? v : v.tailMap(afterKey, false)).values().iterator();
        }
        Iterator<DeviceRecord> it = (afterKey == null ? live : live.tailMap(afterKey, false)).values().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Twin next() {
                return it.next().twin();
            }
        };
    }

    private synchronized NavigableMap<String, Twin> catchUp(long nowNanos) {
        if (view != null) {
            while (!pending.isEmpty() && pending.peekFirst().visibleAt() <= nowNanos) {
                Pending p = pending.pollFirst();
                if (p.twin() == null) {
                    view.remove(p.key());
                } else {
                    view.put(p.key(), p.twin());
                }
            }
        }
        return view;
    }
}
