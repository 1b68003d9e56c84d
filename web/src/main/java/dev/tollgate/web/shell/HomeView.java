package dev.tollgate.web.shell;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;

/** The landing page: what Tollgate is and how a program talks to it. */
@Route(value = "", layout = PortalLayout.class)
@RouteAlias(value = "home", layout = PortalLayout.class)
@PageTitle("Tollgate")
public class HomeView extends VerticalLayout {

    public HomeView() {
        setId("home");
        setMaxWidth("56rem");
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
        add(title, intro, sample, openApi);
    }
}
