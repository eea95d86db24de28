package dev.fleetops.provisioning.manifest;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.provisioning.keys.DerivedKeys;
import dev.fleetops.provisioning.keys.SymmetricKey;
import dev.fleetops.provisioning.model.AllocationPolicy;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.EnrollmentSettings;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.model.ReprovisionPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one manifest row into an enrollment, whatever the format: the shared rules and messages. A format gives the
 * cells as text and their positions. Not thread-safe: one per row.
 */
abstract class RowReader {
    final String source;
    final List<ManifestProblem> problems;
    boolean bad;

    RowReader(String source, List<ManifestProblem> problems) {
    this.source = source;
    this.problems = problems;
    }

    /** The cell's text, trimmed; empty when absent. */
    abstract String cell(String field);

    /** The line of a field (of the row when the field is absent). */
    abstract int line(String field);

    /** The column of a field (of the row when the field is absent). */
    abstract int column(String field);

    /** The initial twin's {@code tags} or {@code desired} section. */
    abstract PropertyTree twin(String section);

    void problem(String field, String rule) {
    problems.add(new ManifestProblem(source, line(field), column(field), field, rule));
    bad = true;
    }

    IndividualEnrollment enrollment() {
        String registrationId = cell("registrationId");
        if (registrationId.isEmpty()) {
            problem("registrationId", "is empty; every row needs a registration id");
        } else {
            try {
                DerivedKeys.checkRegistrationId(registrationId);
            } catch (IllegalArgumentException e) {
                problem("registrationId", e.getMessage());
            }
        }
        DeviceId deviceId = null;
        String d = cell("deviceId");
        if (!d.isEmpty()) {
            try {
                deviceId = DeviceId.of(d);
            } catch (IllegalArgumentException e) {
                problem("deviceId", e.getMessage());
            }
        }
        Attestation attestation = attestation();
        EnrollmentSettings settings = settings();
        if (bad) {
            return null;
        }
        try {
            return new IndividualEnrollment(registrationId, deviceId != null ? deviceId
                    : DeviceId.of(registrationId), attestation, settings, ETag.ANY);
        } catch (IllegalArgumentException e) {
            problem(e.getMessage().contains("registrationId") ? "registrationId" : "attestation", e.getMessage());
            return null;
        }
    }

    private Attestation attestation() {
        String type = cell("attestation");
        switch (type.isEmpty() ? "symmetrickey" : type.toLowerCase(Locale.ROOT)) {
            case "symmetrickey":
                return new Attestation.SymmetricKeys(key("primaryKey"), key("secondaryKey"));
            case "x509":
                String cert = cell("certificate");
                if (cert.isEmpty()) {
                    problem("certificate", "is empty; an x509 row needs the device's certificate");
                    return null;
                }
                try {
                    return new Attestation.X509Certificates(cert, null);
                } catch (IllegalArgumentException e) {
                    problem("certificate", e.getMessage());
                    return null;
                }
            case "tpm":
                String ek = cell("endorsementKey");
                if (ek.isEmpty()) {
                    problem("endorsementKey", "is empty; a tpm row needs the TPM's endorsement key");
                    return null;
                }
                String srk = cell("storageRootKey");
                try {
                    return new Attestation.Tpm(ek, srk.isEmpty() ? null : srk);
                } catch (IllegalArgumentException e) {
                    problem(e.getMessage().contains("storage") ? "storageRootKey" : "endorsementKey",
                            e.getMessage());
                    return null;
                }
            default:
                problem("attestation", "'" + type + "' is none of symmetricKey, x509, tpm");
                return null;
        }
    }

    private SymmetricKey key(String column) {
        String k = cell(column);
        if (k.isEmpty()) {
            return null;
        }
        try {
            return SymmetricKey.parse(k, column);
        } catch (IllegalArgumentException e) {
            problem(column, e.getMessage()); // the message never holds the key
            return null;
        }
    }

    private EnrollmentSettings settings() {
        List<String> hubs = new ArrayList<>();
        for (String h : cell("iotHubs").split(";")) {
            if (!h.trim().isEmpty()) {
                hubs.add(h.trim());
            }
        }
        AllocationPolicy allocation = AllocationPolicy.HASHED;
        String a = cell("allocation");
        if (!a.isEmpty()) {
            allocation = AllocationPolicy.of(a);
            if (allocation.isUnknown()) {
                problem("allocation", "'" + a + "' is none of hashed, geoLatency, static, custom");
            }
        }
        ReprovisionPolicy reprovision = ReprovisionPolicy.MIGRATE;
        String rp = cell("reprovision");
        if (!rp.isEmpty()) {
            try {
                reprovision = ReprovisionPolicy.of(rp);
            } catch (IllegalArgumentException e) {
                problem("reprovision", e.getMessage());
            }
        }
        boolean edge = bool("edge", "true", "false", false);
        boolean enabled = bool("status", "enabled", "disabled", true);
        PropertyTree tags = twin("tags");
        PropertyTree desired = twin("desired");
        try {
            return new EnrollmentSettings(hubs, allocation, reprovision, edge, tags, desired, enabled);
        } catch (IllegalArgumentException e) {
            problem(e.getMessage().startsWith("allocationPolicy") ? "allocation" : "iotHubs", e.getMessage());
            return null;
        }
    }

    private boolean bool(String column, String yes, String no, boolean otherwise) {
        String v = cell(column);
        if (v.isEmpty()) {
            return otherwise;
        }
        if (v.equalsIgnoreCase(yes)) {
            return true;
        }
        if (v.equalsIgnoreCase(no)) {
            return false;
        }
        problem(column, "'" + v + "' is neither " + yes + " nor " + no);
        return otherwise;
    }
}
