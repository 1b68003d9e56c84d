package dev.tollgate.web.console;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.RefusedException;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.db.tenancy.TenantScope;
import java.util.function.Supplier;

/**
 * A page of the operator console: only an operator's session enters; others are sent to the console's sign-in. The
 * one place where the console's refusals become messages on screen, and where work across organisations enters the
 * platform's database scope.
 */
abstract class ConsoleView extends VerticalLayout implements BeforeEnterObserver {

    ConsoleView() {
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!OperatorSession.isOperator()) {
            event.forwardTo(ConsoleSignInView.class);
            return;
        }
        entered();
    }

    /** Reads what the page shows, once the session is known to be an operator's: never in a constructor. */
    void entered() {}

    /**
     * Reads or changes data across organisations, for an operator only. The page's own database scope is the
     * operator's own organisation (or nobody, for a token's session), in which row-level security would hide every
     * other organisation: work that must see them all says so here, and nowhere without the operator check.
     *
     * @throws IllegalStateException when the session is not an operator's (the page's guard should have sent it away)
     */
    static <T> T platformWide(Supplier<T> work) {
        if (!OperatorSession.isOperator()) {
            throw new IllegalStateException("only an operator's session reads across organisations");
        }
        return TenantScope.platform().call(work);
    }

    /** The operator of this session, as the audit log names who made a change. */
    static Actor operator() {
        return OperatorSession.actor()
                .orElseThrow(() -> new IllegalStateException("only an operator's session changes what operators do"));
    }

    /** Runs a change; a refusal is shown with what to do, and the form stays open. */
    static boolean attempt(Runnable change) {
        try {
            change.run();
            return true;
        } catch (RefusedException e) {
            refused(e);
        }
        return false;
    }

    /** Shows a refusal with what to do. */
    static void refused(RefusedException e) {
        if (e instanceof InvalidFieldException invalid) {
            show("Check " + invalid.field().replace('_', ' ') + ": "
                    + e.getMessage().substring(invalid.field().length() + 2));
        } else {
            show(e.getMessage());
        }
    }

    private static void show(String message) {
        Notification notification = Notification.show(message, 6000, Notification.Position.MIDDLE);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notification.setId("console-error");
    }
}
