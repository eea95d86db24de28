package dev.fleetops.provisioning;

import dev.fleetops.core.call.Attempt;
import dev.fleetops.core.call.RemoteCall;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.error.DeadlineExceededException;
import dev.fleetops.core.error.FleetServiceException;
import dev.fleetops.provisioning.model.BulkEnrollmentResult;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.plan.ApplyProgress;
import dev.fleetops.provisioning.plan.ApplyResult;
import dev.fleetops.provisioning.plan.EnrollmentPlan;
import dev.fleetops.provisioning.plan.PlannedChange;
import dev.fleetops.provisioning.plan.RowOutcome;
import dev.fleetops.provisioning.spi.BulkEnrollmentMode;
import dev.fleetops.provisioning.spi.EnrollmentService;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies a plan in bulk calls of at most ten through the client's call seam. A bulk call is repeated after an
 * ambiguous failure (and after 429) safely: on a repeat, a row DPS refuses because the lost attempt already made
 * the change (409 on create, 412 on a conditional update, 404 on delete) is read back and counted as applied when
 * DPS holds what the row asked for.
 */
final class ManifestApplier {

    private final EnrollmentManager manager;

    ManifestApplier(EnrollmentManager manager) {
        this.manager = manager;
    }

    ApplyResult apply(EnrollmentPlan plan, Consumer<ApplyProgress> progress) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(progress, "progress");
        Map<PlannedChange, RowOutcome> outcomes = new HashMap<>();
        int total = plan.changes().size();
        int done = 0;
        int failed = 0;
        int calls = 0;
        for (PlannedChange c : plan.changes()) {
            if (c.kind() == PlannedChange.Kind.UNCHANGED) {
                outcomes.put(c, new RowOutcome(c, RowOutcome.Status.UNCHANGED, 0, ""));
                done++;
            }
        }
        for (PlannedChange.Kind kind : List.of(PlannedChange.Kind.CREATE, PlannedChange.Kind.UPDATE,
                PlannedChange.Kind.DELETE)) {
            List<PlannedChange> batch = new ArrayList<>();
            for (PlannedChange c : plan.changes()) {
                if (c.kind() == kind) {
                    batch.add(c);
                }
                if (batch.size() == EnrollmentService.MAX_BULK) {
                    failed += run(kind, batch, outcomes);
                    calls++;
                    done += batch.size();
                    batch.clear();
                    progress.accept(new ApplyProgress(done, total, failed, calls));
                }
            }
            if (!batch.isEmpty()) {
                failed += run(kind, batch, outcomes);
                calls++;
                done += batch.size();
                progress.accept(new ApplyProgress(done, total, failed, calls));
            }
        }
        List<RowOutcome> rows = new ArrayList<>(total);
        for (PlannedChange c : plan.changes()) {
            rows.add(outcomes.get(c));
        }
        return new ApplyResult(plan.source(), rows, plan.problems(), calls);
    }

    /** One bulk call; records an outcome per row and returns how many failed. */
    private int run(PlannedChange.Kind kind, List<PlannedChange> batch, Map<PlannedChange, RowOutcome> outcomes) {
        BulkEnrollmentMode mode = switch (kind) {
            case CREATE -> BulkEnrollmentMode.CREATE;
            case UPDATE -> BulkEnrollmentMode.UPDATE_IF_MATCH_ETAG;
            default -> BulkEnrollmentMode.DELETE;
        };
        List<IndividualEnrollment> sent = new ArrayList<>(batch.size());
        List<String> ids = new ArrayList<>(batch.size());
        for (PlannedChange c : batch) {
            sent.add(kind == PlannedChange.Kind.UPDATE ? manager.keptKeys(c.enrollment()) : c.enrollment());
            ids.add(c.registrationId());
        }
        BulkEnrollmentResult result;
        try {
            result = manager.client().calls().run(RemoteCall.of(kind == PlannedChange.Kind.DELETE
                                    ? EnrollmentManager.DELETE : EnrollmentManager.WRITE, "enrollments",
                            EnrollmentManager.DPS).safety(Safety.IDEMPOTENT)
                            .detail("bulk " + mode.wireName() + " " + String.join(",", ids)),
                    attempt -> guarded(attempt, mode, sent));
        } catch (FleetServiceException | DeadlineExceededException e) {
            for (PlannedChange c : batch) {
                int code = e instanceof FleetServiceException s ? s.statusCode() : 0;
                outcomes.put(c, new RowOutcome(c, RowOutcome.Status.FAILED, code, "the bulk call failed: "
                        + e.getMessage()));
            }
            return batch.size();
        }
        Map<String, BulkEnrollmentResult.Error> errors = new HashMap<>();
        for (BulkEnrollmentResult.Error e : result.errors()) {
            errors.put(e.registrationId().toLowerCase(Locale.ROOT), e);
        }
        int failed = 0;
        for (PlannedChange c : batch) {
            BulkEnrollmentResult.Error e = errors.get(c.registrationId().toLowerCase(Locale.ROOT));
            if (e == null || kind == PlannedChange.Kind.DELETE && e.errorCode() / 1000 == 404) {
                // a deletion DPS finds already made has the effect the plan asked for
                outcomes.put(c, new RowOutcome(c, RowOutcome.Status.APPLIED, 0, ""));
            } else {
                failed++;
                outcomes.put(c, new RowOutcome(c, RowOutcome.Status.FAILED, e.errorCode(), explain(kind, e)));
            }
        }
        return failed;
    }

    /** The bulk call; on a repeat, refusals that the lost attempt explains are read back and dropped. */
    private BulkEnrollmentResult guarded(Attempt attempt, BulkEnrollmentMode mode, List<IndividualEnrollment> sent) {
        BulkEnrollmentResult result = manager.service().bulk(mode, sent);
        if (attempt.number() == 1 || result.isSuccessful()) {
            return result;
        }
        Map<String, IndividualEnrollment> byId = new HashMap<>();
        for (IndividualEnrollment e : sent) {
            byId.put(e.registrationId().toLowerCase(Locale.ROOT), e);
        }
        List<BulkEnrollmentResult.Error> left = new ArrayList<>();
        for (BulkEnrollmentResult.Error error : result.errors()) {
            IndividualEnrollment asked = byId.get(error.registrationId().toLowerCase(Locale.ROOT));
            attempt.charge(EnrollmentManager.DPS, 1);
            Optional<IndividualEnrollment> held = manager.service().findEnrollment(error.registrationId());
            boolean madeByLostAttempt = mode == BulkEnrollmentMode.DELETE ? held.isEmpty()
                    : asked != null && held.isPresent() && ManifestPlanner.differences(asked, held.get()).isEmpty();
            if (!madeByLostAttempt) {
                left.add(error);
            }
        }
        return new BulkEnrollmentResult(left);
    }

    private static String explain(PlannedChange.Kind kind, BulkEnrollmentResult.Error e) {
        int status = e.errorCode() / 1000;
        return switch (status) {
            case 409 -> "DPS holds an enrollment with this registration id that the plan did not see; plan again";
            case 412 -> "the enrollment changed in DPS since the plan was made; plan again";
            case 404 -> "the enrollment was deleted since the plan was made; plan again";
            default -> "DPS refused the row: " + e.errorStatus();
        };
    }
}
