package dev.fleetops.example.enrollment;

import dev.fleetops.core.error.ServiceUnavailableException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory stand-in for the Device Provisioning Service, with failures scripted in advance. */
final class FakeDps {

    private final Set<String> enrollments = ConcurrentHashMap.newKeySet();
    private final AtomicInteger busyAnswers = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();

    FakeDps enroll(String id) {
        enrollments.add(id);
        return this;
    }

    FakeDps busyFor(int answers) {
        busyAnswers.set(answers);
        return this;
    }

    private void answer() {
        requests.incrementAndGet();
        if (busyAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ServiceUnavailableException(503, "DPS is busy");
        }
    }

    boolean exists(String id) {
        answer();
        return enrollments.contains(id);
    }

    boolean delete(String id) {
        answer();
        return enrollments.remove(id);
    }
}
