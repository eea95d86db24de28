package dev.fleetops.core.error;

/**
 * Stands in, as the cause of a {@link FleetClientException}, for the exception an application's credential provider
 * threw: it keeps that exception's class name, its message with secrets masked (see
 * {@link Redactor#redactCredentialText(String)}) and its stack trace, but neither its message unmasked nor its
 * causes, which may quote a token or key. Immutable once thrown; safe to log.
 */
public final class CredentialProviderException extends FleetClientException {

    private static final long serialVersionUID = 1L;

    private final String failureClass;

    /**
     * Creates the stand-in for a provider's failure.
     *
     * @param failure what the provider threw; only its class name, masked message and stack trace are kept
     */
    public CredentialProviderException(Throwable failure) {
        super(describe(failure));
        this.failureClass = failure.getClass().getName();
        setStackTrace(failure.getStackTrace());
    }

    private static String describe(Throwable failure) {
        String message = Redactor.redactCredentialText(failure.getMessage());
        String name = failure.getClass().getSimpleName().isEmpty() ? failure.getClass().getName()
                : failure.getClass().getSimpleName();
        return message.isEmpty() ? name : name + ": " + message;
    }

    /**
     * Returns the fully qualified class name of the exception the provider threw.
     *
     * @return for example {@code java.lang.IllegalStateException}
     */
    public String failureClass() {
        return failureClass;
    }
}
