package dev.tollgate.web.identity;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.ServiceInitEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;

/** Sends visitors who are not signed in from members-only pages to the sign-in page, to come back after it. */
@ApplicationScoped
public class PortalAccess {

    void guardMembersOnlyPages(@Observes ServiceInitEvent event) {
        event.getSource().addUIInitListener(init -> init.getUI().addBeforeEnterListener(PortalAccess::guard));
    }

    static void guard(BeforeEnterEvent event) {
        if (MembersOnly.class.isAssignableFrom(event.getNavigationTarget())
                && PortalSessions.current().isEmpty()) {
            String back = "/" + event.getLocation().getPathWithQueryParameters();
            event.forwardTo("login", new QueryParameters(Map.of("continue", List.of(back))));
        }
    }
}
