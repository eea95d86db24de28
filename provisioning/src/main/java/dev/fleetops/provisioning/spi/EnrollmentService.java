package dev.fleetops.provisioning.spi;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.BulkEnrollmentResult;
import dev.fleetops.provisioning.model.EnrollmentGroup;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.model.RegistrationState;

import java.util.List;
import java.util.Optional;

/**
 * What FleetOps needs of a Device Provisioning Service, one method per DPS operation: the embedded DPS implements
 * it in memory and the Azure adapter over the service API. Each call is one request; the call policy (retries,
 * pacing at the DPS quota, authorization, audit) sits above it. Reads return enrollments as DPS does, without their
 * symmetric keys ({@link #attestation} reads those on purpose). Ids are matched without regard to case, as DPS does.
 * Implementations are thread-safe.
 */
public interface EnrollmentService {

    /** The most enrollments DPS takes in one bulk call. */
    int MAX_BULK = 10;

    /**
     * Creates or replaces an individual enrollment (DPS's PUT); keys left null are generated.
     *
     * @param enrollment the enrollment
     * @param ifMatch {@link ETag#ANY} to create or replace unconditionally, else the version to replace
     * @return the enrollment as stored, with its new ETag and without its keys
     * @throws dev.fleetops.core.error.PreconditionFailedException if {@code ifMatch} is not the stored version
     */
    IndividualEnrollment putEnrollment(IndividualEnrollment enrollment, ETag ifMatch);

    /**
     * Reads an individual enrollment.
     *
     * @param registrationId the registration id
     * @return the enrollment without its keys, or empty when there is none
     */
    Optional<IndividualEnrollment> findEnrollment(String registrationId);

    /**
     * Reads an individual enrollment's attestation with its keys.
     *
     * @param registrationId the registration id
     * @return the attestation, or empty when there is no such enrollment
     */
    Optional<Attestation> attestation(String registrationId);

    /**
     * Deletes an individual enrollment.
     *
     * @param registrationId the registration id
     * @param ifMatch {@link ETag#ANY} or the version to delete
     * @return false when there was none
     * @throws dev.fleetops.core.error.PreconditionFailedException if {@code ifMatch} is not the stored version
     */
    boolean deleteEnrollment(String registrationId, ETag ifMatch);

    /**
     * Applies one bulk call; DPS applies each enrollment on its own and reports the refused ones.
     *
     * @param mode what to do with each
     * @param enrollments 1 to {@value #MAX_BULK} enrollments, each registration id once
     * @return the refused enrollments
     * @throws IllegalArgumentException if there are none, more than {@value #MAX_BULK}, or a repeated id
     */
    BulkEnrollmentResult bulk(BulkEnrollmentMode mode, List<IndividualEnrollment> enrollments);

    /**
     * Lists individual enrollments, a page at a time, in registration-id order.
     *
     * @param page the page wanted
     * @return the page, without keys
     */
    QueryPage<IndividualEnrollment> listEnrollments(PageRequest page);

    /**
     * Creates or replaces an enrollment group; keys left null are generated.
     *
     * @param group the group
     * @param ifMatch {@link ETag#ANY} or the version to replace
     * @return the group as stored, without its keys
     * @throws dev.fleetops.core.error.PreconditionFailedException if {@code ifMatch} is not the stored version
     */
    EnrollmentGroup putGroup(EnrollmentGroup group, ETag ifMatch);

    /**
     * Reads an enrollment group.
     *
     * @param groupId the group id
     * @return the group without its keys, or empty
     */
    Optional<EnrollmentGroup> findGroup(String groupId);

    /**
     * Reads an enrollment group's attestation with its keys.
     *
     * @param groupId the group id
     * @return the attestation, or empty when there is no such group
     */
    Optional<Attestation> groupAttestation(String groupId);

    /**
     * Deletes an enrollment group.
     *
     * @param groupId the group id
     * @param ifMatch {@link ETag#ANY} or the version to delete
     * @return false when there was none
     * @throws dev.fleetops.core.error.PreconditionFailedException if {@code ifMatch} is not the stored version
     */
    boolean deleteGroup(String groupId, ETag ifMatch);

    /**
     * Lists enrollment groups, a page at a time, in id order.
     *
     * @param page the page wanted
     * @return the page, without keys
     */
    QueryPage<EnrollmentGroup> listGroups(PageRequest page);

    /**
     * Reads a device's registration state.
     *
     * @param registrationId the registration id
     * @return the state, or empty when the device never registered (or its state was deleted)
     */
    Optional<RegistrationState> findRegistration(String registrationId);

    /**
     * Deletes a registration state, so that the device registers anew (and stops counting against the quota).
     *
     * @param registrationId the registration id
     * @param ifMatch {@link ETag#ANY} or the version to delete
     * @return false when there was none
     * @throws dev.fleetops.core.error.PreconditionFailedException if {@code ifMatch} is not the stored version
     */
    boolean deleteRegistration(String registrationId, ETag ifMatch);

    /**
     * Lists the registration states of an enrollment group's devices, a page at a time.
     *
     * @param groupId the group id
     * @param page the page wanted
     * @return the page
     */
    QueryPage<RegistrationState> listRegistrations(String groupId, PageRequest page);
}
