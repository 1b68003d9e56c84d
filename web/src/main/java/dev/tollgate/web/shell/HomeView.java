package dev.tollgate.web.shell;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import dev.tollgate.api.generation.control.ActivityFilter;
import dev.tollgate.api.generation.control.GenerationHistory;
import dev.tollgate.billing.call.CallCharges;
import dev.tollgate.web.dashboard.Dashboard;
import dev.tollgate.web.identity.PortalSessions;
import dev.tollgate.web.identity.PortalUser;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Home: for a signed-in member, their organisation's dashboard; for a visitor, what Tollgate is and how a program
 * talks to it.
 */
@Route(value = "", layout = PortalLayout.class)
@RouteAlias(value = "home", layout = PortalLayout.class)
@PageTitle("Tollgate")
@CdiComponent
public class HomeView extends VerticalLayout implements BeforeEnterObserver {

    private static final int RECENT = 10;

    private final GenerationHistory history;
    private final CallCharges charges;

    @Inject
    public HomeView(GenerationHistory history, CallCharges charges) {
        this.history = history;
        this.charges = charges;
        setId("home");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        add(PortalSessions.current().map(this::dashboard).orElseGet(HomeView::landing));
    }

    private Component dashboard(PortalUser user) {
        setMaxWidth("72rem");
        CallCharges.Credits credits = charges.credits(user.organization());
        return new Dashboard(
                user.organizationName(),
                credits.totalCredits().subtract(credits.totalUsage()),
                history.overview(user.organization()),
                history.page(user.organization(), ActivityFilter.ALL, Optional.empty(), 0, RECENT));
    }

    private static Component landing() {
        H1 title = new H1("One API for many model providers");
        Paragraph intro = new Paragraph(
                "Tollgate routes each request to the best provider for the model you ask for, by price, latency and"
                        + " health, falls back when one fails, and settles every call against your organisation's"
                        + " credits. It speaks OpenRouter's API: point an OpenAI or OpenRouter SDK at this server and"
                        + " keep your code.");
        Pre sample = new Pre("""
                curl $TOLLGATE/api/v1/chat/completions \\
                  -H "Authorization: Bearer $TOLLGATE_API_KEY" \\
                  -H "Content-Type: application/json" \\
                  -d '{"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}]}'""");
        sample.setId("api-sample");
        Anchor openApi = new Anchor("/openapi", "API reference (OpenAPI)");
        openApi.setRouterIgnore(true);
        VerticalLayout landing = new VerticalLayout(title, intro, sample, openApi);
        landing.setId("landing");
        landing.setPadding(false);
        landing.setMaxWidth("56rem");
        return landing;
    }
}
