package dev.tollgate.web.shell.upcoming;

import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.web.identity.MembersOnly;
import dev.tollgate.web.shell.PortalLayout;

@Route(value = "activity", layout = PortalLayout.class)
@PageTitle("Activity · Tollgate")
public class ActivityView extends UpcomingView implements MembersOnly {

    public ActivityView() {
        super("Activity", "Your organisation's generations with their cost, tokens, latency and provider.");
    }
}
