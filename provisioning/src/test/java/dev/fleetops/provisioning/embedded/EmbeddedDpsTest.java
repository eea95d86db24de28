package dev.fleetops.provisioning.embedded;

import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.provisioning.keys.SymmetricKey;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.BulkEnrollmentResult;
import dev.fleetops.provisioning.model.EnrollmentGroup;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.spi.BulkEnrollmentMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded DPS behaves as DPS does: ETags, generated keys left out of reads, bulk results, case, paging. */
class EmbeddedDpsTest {

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedDps dps = new EmbeddedDps(clock);

    private static IndividualEnrollment sym(String id) {
        return IndividualEnrollment.of(id, Attestation.SymmetricKeys.generatedByDps());
    }

    @Test
    void put_generatesKeys_readsLeaveThemOut_andTheAttestationReadGivesThem() {
        IndividualEnrollment stored = dps.putEnrollment(sym("dev-1"), ETag.ANY);

        assertThat(stored.etag()).isNotEqualTo(ETag.ANY);
        assertThat(((Attestation.SymmetricKeys) stored.attestation()).primary()).isNull();
        assertThat(((Attestation.SymmetricKeys) dps.findEnrollment("DEV-1").orElseThrow().attestation()).primary())
                .isNull();
        Attestation.SymmetricKeys keys = (Attestation.SymmetricKeys) dps.attestation("dev-1").orElseThrow();
        assertThat(keys.primary().length()).isEqualTo(64);
        assertThat(keys.secondary()).isNotEqualTo(keys.primary());
    }

    @Test
    void writesWithAStaleEtag_areRefused_andAMatchingOneIsApplied() {
        IndividualEnrollment first = dps.putEnrollment(sym("dev-1"), ETag.ANY);
        IndividualEnrollment second = dps.putEnrollment(first, first.etag());

        assertThatThrownBy(() -> dps.putEnrollment(first, first.etag()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> dps.deleteEnrollment("dev-1", first.etag()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(dps.deleteEnrollment("dev-1", second.etag())).isTrue();
        assertThat(dps.deleteEnrollment("dev-1", ETag.ANY)).isFalse();
    }

    @Test
    void bulk_appliesEachOnItsOwn_andReportsTheRefusedOnesWithDpsCodes() {
        dps.putEnrollment(sym("dev-2"), ETag.ANY);
        List<IndividualEnrollment> batch = List.of(sym("dev-1"), sym("DEV-2"), sym("dev-3"));

        BulkEnrollmentResult r = dps.bulk(BulkEnrollmentMode.CREATE, batch);

        assertThat(r.isSuccessful()).isFalse();
        assertThat(r.errors()).containsExactly(new BulkEnrollmentResult.Error("DEV-2", 409201, "Conflict"));
        assertThat(dps.findEnrollment("dev-1")).isPresent();
        assertThat(dps.findEnrollment("dev-3")).isPresent();
        assertThat(dps.bulk(BulkEnrollmentMode.DELETE, List.of(sym("dev-1"), sym("nope"))).errors())
                .extracting(BulkEnrollmentResult.Error::errorCode).containsExactly(404201);
        List<IndividualEnrollment> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(sym("d" + i));
        }
        assertThatThrownBy(() -> dps.bulk(BulkEnrollmentMode.CREATE, eleven)).hasMessageContaining("1 to 10");
    }

    @Test
    void lists_comeInIdOrder_pageByPage() {
        for (int i = 0; i < 25; i++) {
            dps.putEnrollment(sym(String.format("dev-%02d", i)), ETag.ANY);
        }
        List<String> all = new ArrayList<>();
        PageRequest page = PageRequest.first(10);
        int pages = 0;
        while (page != null) {
            QueryPage<IndividualEnrollment> p = dps.listEnrollments(page);
            p.items().forEach(e -> all.add(e.registrationId()));
            pages++;
            page = p.continuationToken().map(page::next).orElse(null);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(all).hasSize(25).isSorted();
    }

    @Test
    void groups_keepTheirKeysToThemselves_andRegistrationStatesCanBeDeleted() {
        SymmetricKey groupKey = SymmetricKey.generate();
        EnrollmentGroup g = dps.putGroup(EnrollmentGroup.of("line-a", new Attestation.SymmetricKeys(groupKey, null)),
                ETag.ANY);

        assertThat(((Attestation.SymmetricKeys) g.attestation()).primary()).isNull();
        assertThat(((Attestation.SymmetricKeys) dps.groupAttestation("LINE-A").orElseThrow()).primary())
                .isEqualTo(groupKey);
        var state = dps.recordRegistration("dev-1", "line-a", "dev-1", "hub-eu.azure-devices.net");
        dps.recordRegistration("solo-1", null, "solo-1", "hub-eu.azure-devices.net");
        assertThat(dps.findRegistration("dev-1")).contains(state);
        assertThat(dps.listRegistrations("line-a", PageRequest.first()).items()).containsExactly(state);
        assertThat(dps.listRegistrations("line-b", PageRequest.first()).items()).isEmpty();
        assertThat(dps.deleteRegistration("dev-1", state.etag())).isTrue();
        assertThat(dps.findRegistration("dev-1")).isEmpty();
    }
}
