package dev.tollgate.admin.operator;

/**
 * The mark an operator's signed-in portal session carries, so that the operator API also admits it: the id of the
 * operator's account, under {@link #ATTRIBUTE}. A browser session alone is not enough (a page of another site could
 * make the browser send its cookie), so such requests must also carry {@link #HEADER}, which no cross-site form can
 * set and which cross-origin scripts may not send without a CORS permission this API never gives.
 */
public final class OperatorSessions {

    public static final String ATTRIBUTE = "dev.tollgate.operator.account";
    public static final String HEADER = "X-Requested-With";

    private OperatorSessions() {}
}
