package dev.fleetops.provisioning.plan;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a manifest is planned. Immutable and thread-safe; the {@code with} methods return copies.
 *
 * @param skipInvalid false (the default) to refuse a manifest with any bad row whole, before any call; true to plan
 *     its good rows and carry every bad one in the plan and in the apply's result
 * @param prune true to delete the enrollments DPS holds that the manifest does not name (the manifest is then the
 *     whole truth); false (the default) to leave them
 * @param compareKeys true (the default) to read the keys of rows that give their own symmetric keys and are
 *     otherwise unchanged, so that a changed key is an update (one audited key read per such row); false to compare
 *     everything but keys
 * @param productionTag the initial-twin tag path that marks a production device, for example {@code environment}
 * @param productionValue the value of that tag on production devices, for example {@code production}
 * @param expiryWarning how far ahead a certificate's expiry is warned of (default 30 days)
 * @param caCertificates the CA certificates that enrollment groups reference, by their name in DPS (PEM or Base64
 *     DER); when not empty the plan lists DPS's groups and warns of every CA reference whose certificate is missing
 *     here, expired, or expires within {@code expiryWarning}
 */
public record PlanOptions(boolean skipInvalid, boolean prune, boolean compareKeys, String productionTag,
                          String productionValue, Duration expiryWarning, Map<String, String> caCertificates) {

    /**
     * Validates the options and copies the catalog (names compared without regard to case, as DPS does).
     *
     * @param skipInvalid whether to skip bad rows
     * @param prune whether to delete what the manifest does not name
     * @param compareKeys whether to compare explicit keys
     * @param productionTag the production tag's path
     * @param productionValue the production tag's value
     * @param expiryWarning the expiry threshold, not negative
     * @param caCertificates the CA catalog
     */
    public PlanOptions {
        Objects.requireNonNull(productionTag, "productionTag");
        Objects.requireNonNull(productionValue, "productionValue");
        Objects.requireNonNull(expiryWarning, "expiryWarning");
        if (expiryWarning.isNegative()) {
            throw new IllegalArgumentException("expiryWarning is negative: " + expiryWarning);
        }
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(caCertificates);
        caCertificates = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Returns the defaults: refuse bad manifests, do not prune, compare keys, production devices tagged
     * {@code environment = production}, warn of expiry 30 days ahead, no CA catalog.
     *
     * @return the options
     */
    public static PlanOptions defaults() {
        return new PlanOptions(false, false, true, "environment", "production", Duration.ofDays(30), Map.of());
    }

    /**
     * Returns a copy that plans the good rows of a manifest with bad ones.
     *
     * @param on whether to skip bad rows
     * @return the options
     */
    public PlanOptions withSkipInvalid(boolean on) {
        return new PlanOptions(on, prune, compareKeys, productionTag, productionValue, expiryWarning, caCertificates);
    }

    /**
     * Returns a copy that deletes what the manifest does not name, or not.
     *
     * @param on whether to prune
     * @return the options
     */
    public PlanOptions withPrune(boolean on) {
        return new PlanOptions(skipInvalid, on, compareKeys, productionTag, productionValue, expiryWarning,
                caCertificates);
    }

    /**
     * Returns a copy that compares explicit keys, or not.
     *
     * @param on whether to compare keys
     * @return the options
     */
    public PlanOptions withCompareKeys(boolean on) {
        return new PlanOptions(skipInvalid, prune, on, productionTag, productionValue, expiryWarning, caCertificates);
    }

    /**
     * Returns a copy with another production tag.
     *
     * @param path the tag's path in the initial twin's tags
     * @param value its value on production devices
     * @return the options
     */
    public PlanOptions withProductionTag(String path, String value) {
        return new PlanOptions(skipInvalid, prune, compareKeys, path, value, expiryWarning, caCertificates);
    }

    /**
     * Returns a copy with another expiry threshold and CA catalog.
     *
     * @param threshold how far ahead expiry is warned of
     * @param catalog the CA certificates by name
     * @return the options
     */
    public PlanOptions withCertificates(Duration threshold, Map<String, String> catalog) {
        return new PlanOptions(skipInvalid, prune, compareKeys, productionTag, productionValue, threshold, catalog);
    }

    @Override
    public String toString() {
        return "PlanOptions[skipInvalid=" + skipInvalid + ", prune=" + prune + ", compareKeys=" + compareKeys
                + ", production=" + productionTag + "=" + productionValue + ", expiryWarning=" + expiryWarning
                + ", caCertificates=" + caCertificates.keySet() + "]";
    }
}
