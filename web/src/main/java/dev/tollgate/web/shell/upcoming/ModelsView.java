package dev.tollgate.web.shell.upcoming;

import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.web.shell.PortalLayout;

@Route(value = "models", layout = PortalLayout.class)
@PageTitle("Models · Tollgate")
public class ModelsView extends UpcomingView {

    public ModelsView() {
        super(
                "Models",
                "The catalog of models with their providers, prices per million tokens, context lengths and uptime.");
    }
}
