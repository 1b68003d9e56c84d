package dev.tollgate.api.org.control;

/**
 * A change to an organisation's members that is not allowed or not possible; the message says why and what to do.
 * {@link #notFound()} marks refusals that must look, to the caller, as if the organisation did not exist.
 */
public class MembershipRefusedException extends RuntimeException {

    private final boolean notFound;

    public MembershipRefusedException(String message) {
        this(message, false);
    }

    private MembershipRefusedException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    /** The caller is not a member: to them the organisation does not exist. */
    static MembershipRefusedException noSuchOrganization() {
        return new MembershipRefusedException("No such organisation.", true);
    }

    public boolean notFound() {
        return notFound;
    }
}
