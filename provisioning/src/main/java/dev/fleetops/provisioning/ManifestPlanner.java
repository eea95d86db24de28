package dev.fleetops.provisioning;

import dev.fleetops.provisioning.manifest.InvalidManifestException;
import dev.fleetops.provisioning.manifest.Manifest;
import dev.fleetops.provisioning.manifest.ManifestRow;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.EnrollmentGroup;
import dev.fleetops.provisioning.model.EnrollmentSettings;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.plan.EnrollmentPlan;
import dev.fleetops.provisioning.plan.PlanOptions;
import dev.fleetops.provisioning.plan.PlanWarning;
import dev.fleetops.provisioning.plan.PlannedChange;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Turns a manifest into a plan against what DPS holds: one listing, plus key reads where options ask. */
final class ManifestPlanner {

    private final EnrollmentManager manager;

    ManifestPlanner(EnrollmentManager manager) {
        this.manager = manager;
    }

    EnrollmentPlan plan(Manifest manifest, PlanOptions options) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(options, "options");
        if (!manifest.isValid() && !options.skipInvalid()) {
            throw new InvalidManifestException(manifest);
        }
        Map<String, IndividualEnrollment> held = new TreeMap<>();
        for (IndividualEnrollment e : manager.list()) {
            held.put(key(e.registrationId()), e);
        }
        Instant now = manager.client().clock().instant();
        List<PlannedChange> changes = new ArrayList<>();
        List<PlanWarning> warnings = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (ManifestRow row : manifest.rows()) {
            IndividualEnrollment desired = manager.stamped(row.enrollment());
            named.add(key(desired.registrationId()));
            warn(row.line(), desired, options, now, warnings);
            IndividualEnrollment current = held.get(key(desired.registrationId()));
            if (current == null) {
                changes.add(new PlannedChange(PlannedChange.Kind.CREATE, desired.registrationId(), row.line(),
                        desired, List.of()));
                continue;
            }
            List<String> differences = differences(desired, current);
            if (differences.isEmpty() && options.compareKeys() && explicitKeys(desired)
                    && !desired.attestation().equals(manager.keys(desired.registrationId()).orElse(null))) {
                differences = List.of("keys");
            }
            IndividualEnrollment write = new IndividualEnrollment(desired.registrationId(), desired.deviceId(),
                    desired.attestation(), desired.settings(), current.etag());
            changes.add(new PlannedChange(differences.isEmpty() ? PlannedChange.Kind.UNCHANGED
                    : PlannedChange.Kind.UPDATE, desired.registrationId(), row.line(), write, differences));
        }
        if (options.prune()) {
            for (Map.Entry<String, IndividualEnrollment> e : held.entrySet()) {
                if (!named.contains(e.getKey())) {
                    changes.add(new PlannedChange(PlannedChange.Kind.DELETE, e.getValue().registrationId(), 0,
                            e.getValue(), List.of()));
                }
            }
        }
        if (!options.caCertificates().isEmpty()) {
            for (EnrollmentGroup g : manager.listGroups()) {
                if (g.attestation() instanceof Attestation.X509CaReferences refs) {
                    warnCa(g.groupId(), "primary", refs.primary(), options, now, warnings);
                    if (refs.secondary() != null) {
                        warnCa(g.groupId(), "secondary", refs.secondary(), options, now, warnings);
                    }
                }
            }
        }
        return new EnrollmentPlan(manifest.source(), changes, manifest.problems(), warnings);
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    private static boolean explicitKeys(IndividualEnrollment e) {
        return e.attestation() instanceof Attestation.SymmetricKeys k && k.primary() != null;
    }

    /** The fields in which DPS's enrollment differs from the desired one; keys DPS generated are not compared. */
    static List<String> differences(IndividualEnrollment desired, IndividualEnrollment current) {
        List<String> out = new ArrayList<>();
        if (!desired.deviceId().equals(current.deviceId())) {
            out.add("deviceId");
        }
        if (!sameAttestation(desired.attestation(), current.attestation())) {
            out.add("attestation");
        }
        EnrollmentSettings d = desired.settings();
        EnrollmentSettings c = current.settings();
        if (!d.iotHubs().equals(c.iotHubs())) {
            out.add("iotHubs");
        }
        if (!d.allocationPolicy().equals(c.allocationPolicy())) {
            out.add("allocationPolicy");
        }
        if (!d.reprovisionPolicy().equals(c.reprovisionPolicy())) {
            out.add("reprovisionPolicy");
        }
        if (d.iotEdge() != c.iotEdge()) {
            out.add("iotEdge");
        }
        if (!d.initialTags().equals(c.initialTags())) {
            out.add("initialTags");
        }
        if (!d.initialDesired().equals(c.initialDesired())) {
            out.add("initialDesired");
        }
        if (d.enabled() != c.enabled()) {
            out.add("enabled");
        }
        return out;
    }

    /** Same type and same public parts; symmetric keys are compared apart (reads do not carry them). */
    private static boolean sameAttestation(Attestation desired, Attestation current) {
        if (desired.getClass() != current.getClass()) {
            return false;
        }
        if (desired instanceof Attestation.X509Certificates d && current instanceof Attestation.X509Certificates c) {
            return Arrays.equals(der(d.primary()), der(c.primary()))
                    && (d.secondary() == null ? c.secondary() == null
                    : c.secondary() != null && Arrays.equals(der(d.secondary()), der(c.secondary())));
        }
        return desired instanceof Attestation.SymmetricKeys || desired.equals(current);
    }

    private static byte[] der(String pemOrBase64) {
        String body = pemOrBase64.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "");
        return Base64.getMimeDecoder().decode(body.trim().getBytes(StandardCharsets.US_ASCII));
    }

    private static void warn(int line, IndividualEnrollment e, PlanOptions options, Instant now,
                             List<PlanWarning> out) {
        if (e.attestation() instanceof Attestation.SymmetricKeys) {
            Optional<Object> tag = e.settings().initialTags().get(options.productionTag());
            if (tag.isPresent() && String.valueOf(tag.get()).equals(options.productionValue())) {
                out.add(new PlanWarning(line, e.registrationId(), "attestation", "symmetric keys on a device tagged "
                        + options.productionTag() + " = " + options.productionValue() + "; production devices should "
                        + "prove who they are with an X.509 certificate or a TPM"));
            }
        }
        if (e.attestation() instanceof Attestation.X509Certificates certs) {
            warnExpiry(line, e.registrationId(), "primary certificate", certificate(certs.primary()), options, now,
                    out);
            if (certs.secondary() != null) {
                warnExpiry(line, e.registrationId(), "secondary certificate", certificate(certs.secondary()),
                        options, now, out);
            }
        }
    }

    private static void warnCa(String groupId, String which, String name, PlanOptions options, Instant now,
                               List<PlanWarning> out) {
        String target = "enrollmentGroup:" + groupId;
        String pem = options.caCertificates().get(name);
        if (pem == null) {
            out.add(new PlanWarning(0, target, which + " CA reference", "CA certificate '" + name + "' is not in the "
                    + "catalog given to the plan, so its expiry is unknown"));
            return;
        }
        X509Certificate cert;
        try {
            cert = certificate(pem);
        } catch (IllegalArgumentException e) {
            out.add(new PlanWarning(0, target, which + " CA reference", "the catalog's certificate '" + name
                    + "' is not an X.509 certificate in PEM or Base64 DER"));
            return;
        }
        warnExpiry(0, target, which + " CA reference '" + name + "'", cert, options, now, out);
    }

    private static void warnExpiry(int line, String target, String field, X509Certificate cert, PlanOptions options,
                                   Instant now, List<PlanWarning> out) {
        Instant notAfter = cert.getNotAfter().toInstant();
        if (!notAfter.isAfter(now)) {
            out.add(new PlanWarning(line, target, field, "the certificate expired at " + notAfter
                    + "; devices cannot register with it"));
        } else if (!notAfter.isAfter(now.plus(options.expiryWarning()))) {
            out.add(new PlanWarning(line, target, field, "the certificate expires at " + notAfter + ", within "
                    + options.expiryWarning().toDays() + " days; roll it before then"));
        }
    }

    static X509Certificate certificate(String pemOrBase64) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der(pemOrBase64)));
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("not an X.509 certificate in PEM or Base64 DER ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
