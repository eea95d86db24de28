package dev.fleetops.core.error;

/**
 * A query or condition is not valid IoT Hub query language; thrown before any call is made. The message names the
 * line, the column and what was expected there, for example
 * {@code "query: line 1, column 22: expected FROM but found 'FORM'"}. Not retryable. Immutable.
 */
public class InvalidQueryException extends FleetClientException {

    private static final long serialVersionUID = 1L;

    /** The 0-based character offset of the problem. */
    private final int offset;
    /** The 1-based line of the problem. */
    private final int line;
    /** The 1-based column of the problem. */
    private final int column;
    /** What the parser expected at the position. */
    private final String expected;

    /**
     * Creates the exception.
     *
     * @param message the full message, naming the position and what was expected
     * @param offset the 0-based character offset of the problem in the query text
     * @param line the 1-based line of the problem
     * @param column the 1-based column of the problem
     * @param expected what the parser expected there, for example {@code "FROM"} or {@code "a condition"}
     */
    public InvalidQueryException(String message, int offset, int line, int column, String expected) {
        super(message);
        this.offset = offset;
        this.line = line;
        this.column = column;
        this.expected = expected == null ? "" : expected;
    }

    /**
     * Returns the 0-based character offset of the problem.
     *
     * @return the offset into the query text
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns the 1-based line of the problem.
     *
     * @return the line
     */
    public int line() {
        return line;
    }

    /**
     * Returns the 1-based column of the problem.
     *
     * @return the column
     */
    public int column() {
        return column;
    }

    /**
     * Returns what the parser expected at the position.
     *
     * @return a description such as {@code "FROM"}, or empty when the problem is not a missing token
     */
    public String expected() {
        return expected;
    }
}
