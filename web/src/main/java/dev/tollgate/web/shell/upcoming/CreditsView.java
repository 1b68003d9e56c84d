package dev.tollgate.web.shell.upcoming;

import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.web.shell.PortalLayout;

@Route(value = "credits", layout = PortalLayout.class)
@PageTitle("Credits · Tollgate")
public class CreditsView extends UpcomingView {

    public CreditsView() {
        super("Credits", "Your balance, buying credits and the history of your purchases.");
    }
}
