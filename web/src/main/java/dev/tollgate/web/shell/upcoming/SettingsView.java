package dev.tollgate.web.shell.upcoming;

import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.web.identity.MembersOnly;
import dev.tollgate.web.shell.PortalLayout;

@Route(value = "settings", layout = PortalLayout.class)
@PageTitle("Settings · Tollgate")
public class SettingsView extends UpcomingView implements MembersOnly {

    public SettingsView() {
        super("Settings", "Your organisation, its members, privacy and default provider preferences.");
    }
}
