package dev.tollgate.web.shell.upcoming;

import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.web.identity.MembersOnly;
import dev.tollgate.web.shell.PortalLayout;

@Route(value = "keys", layout = PortalLayout.class)
@PageTitle("Keys · Tollgate")
public class KeysView extends UpcomingView implements MembersOnly {

    public KeysView() {
        super("Keys", "Your organisation's API keys, their limits and their usage.");
    }
}
