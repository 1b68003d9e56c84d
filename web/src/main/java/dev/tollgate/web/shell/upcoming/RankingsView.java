package dev.tollgate.web.shell.upcoming;

import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.web.shell.PortalLayout;

@Route(value = "rankings", layout = PortalLayout.class)
@PageTitle("Rankings · Tollgate")
public class RankingsView extends UpcomingView {

    public RankingsView() {
        super("Rankings", "The most used apps and models by tokens, per day, week and month.");
    }
}
