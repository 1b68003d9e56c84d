package dev.tollgate.web.keys;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tollgate.api.key.control.KeyDraft;
import dev.tollgate.api.key.control.KeyRefusedException;
import dev.tollgate.api.key.control.KeyService;
import dev.tollgate.api.key.control.LimitReset;
import dev.tollgate.api.key.control.MemberKeys;
import dev.tollgate.api.key.control.MemberKeys.KeyState;
import dev.tollgate.api.key.control.MemberKeys.ListedKey;
import dev.tollgate.web.identity.MembersOnly;
import dev.tollgate.web.identity.PortalSessions;
import dev.tollgate.web.identity.PortalUser;
import dev.tollgate.web.shell.PortalLayout;
import dev.tollgate.web.shell.Usd;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The organisation's inference keys: a form that makes one (shown once), and the list with masked labels, limits,
 * spend and state, where keys are switched off and on and deleted. Which keys a person sees and may change is
 * {@link MemberKeys}'s rule (owners and admins: all; members: their own); this page only follows it.
 */
@Route(value = "keys", layout = PortalLayout.class)
@PageTitle("Keys · Tollgate")
@CdiComponent
public class KeysView extends VerticalLayout implements MembersOnly, BeforeEnterObserver {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final MemberKeys keys;
    private final Clock clock = Clock.systemUTC();
    private final Grid<ListedKey> grid = new Grid<>();
    private final Paragraph empty = new Paragraph("No keys yet: create one above to call the API.");
    private PortalUser user;

    @Inject
    public KeysView(MemberKeys keys) {
        this.keys = keys;
        setId("keys-page");
        setMaxWidth("80rem");
        empty.setId("no-keys");
        grid.setId("keys");
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(listed -> listed.key().getName())
                .setHeader("Name")
                .setFlexGrow(1)
                .setWidth("10rem");
        grid.addComponentColumn(listed -> label(listed)).setHeader("Key").setAutoWidth(true);
        grid.addColumn(listed -> DAY.format(listed.key().getCreatedAt()))
                .setHeader("Created")
                .setAutoWidth(true);
        grid.addColumn(KeysView::limit).setHeader("Limit").setWidth("11rem");
        grid.addColumn(listed -> Usd.text(listed.spend().total()))
                .setHeader("Usage")
                .setAutoWidth(true);
        grid.addColumn(listed -> listed.key().getExpiresAt() == null
                        ? "never"
                        : DAY.format(listed.key().getExpiresAt().minusSeconds(1)))
                .setHeader("Last day")
                .setAutoWidth(true);
        grid.addComponentColumn(KeysView::state).setHeader("Status").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        PortalSessions.current().ifPresent(this::show);
    }

    private void show(PortalUser signedIn) {
        user = signedIn;
        removeAll();
        H1 title = new H1("Keys");
        Paragraph whose = new Paragraph(
                signedIn.role().seesAllKeys()
                        ? "All API keys of " + signedIn.organizationName()
                                + ". As " + signedIn.role().title().toLowerCase(Locale.ROOT)
                                + " you manage every key; members see only the keys they create."
                        : "The API keys you created in " + signedIn.organizationName()
                                + ". The owner and admins see and manage every key.");
        whose.setId("keys-scope");
        Paragraph kind = new Paragraph("Keys made here call the inference API (chat completions and the like)."
                + " Management keys, for the keys and credits API, come with the organisation from an operator.");
        kind.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        KeyForm form = new KeyForm(clock, this::create);
        add(title, whose, new H2("Create a key"), form, kind, new H2("Your keys"), empty, grid);
        refresh();
    }

    private void create(KeyDraft draft) {
        act(() -> {
            KeyService.NewKey created = keys.create(user.account(), user.organization(), draft);
            new NewKeyDialog(created.record().getName(), created.key().key()).open();
        });
    }

    private void refresh() {
        List<ListedKey> listed = keys.list(user.account(), user.organization());
        grid.setItems(listed);
        grid.setVisible(!listed.isEmpty());
        empty.setVisible(listed.isEmpty());
    }

    private static Span label(ListedKey listed) {
        Span label = new Span(listed.key().getLabel());
        label.addClassNames(LumoUtility.Whitespace.NOWRAP);
        label.getStyle().set("font-family", "monospace");
        return label;
    }

    /** "$10.00 daily · $7.66 left", or "none". */
    static String limit(ListedKey listed) {
        if (listed.key().getLimitUsd() == null) {
            return "none";
        }
        String period = listed.limitReset().map(LimitReset::wireName).orElse("in total");
        return Usd.text(listed.key().getLimitUsd()) + " " + period + " · "
                + Usd.text(listed.spend().remaining(listed.key().getLimitUsd(), listed.limitReset())) + " left";
    }

    private static Span state(ListedKey listed) {
        Span badge = new Span(
                switch (listed.state()) {
                    case ACTIVE -> "Active";
                    case DISABLED -> "Disabled";
                    case EXPIRED -> "Expired";
                });
        badge.getElement()
                .setAttribute(
                        "theme",
                        switch (listed.state()) {
                            case ACTIVE -> "badge success";
                            case DISABLED -> "badge contrast";
                            case EXPIRED -> "badge error";
                        });
        return badge;
    }

    private HorizontalLayout actions(ListedKey listed) {
        String hash = listed.key().getHash();
        boolean disabled = listed.state() == KeyState.DISABLED;
        Button toggle = new Button(
                disabled ? "Enable" : "Disable",
                click -> act(() -> keys.setDisabled(user.account(), user.organization(), hash, !disabled)));
        toggle.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        toggle.setId((disabled ? "enable-" : "disable-") + listed.key().getLabel());
        Button delete = new Button("Delete", click -> confirmDelete(listed));
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        delete.setId("delete-" + listed.key().getLabel());
        return new HorizontalLayout(toggle, delete);
    }

    private void confirmDelete(ListedKey listed) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-delete");
        confirm.setHeader("Delete \"" + listed.key().getName() + "\"?");
        confirm.setText("Programs using " + listed.key().getLabel()
                + " stop working at once. A deleted key cannot be brought back.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Delete key");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(event -> act(() ->
                keys.delete(user.account(), user.organization(), listed.key().getHash())));
        confirm.open();
    }

    /** Runs a change and shows the list as it is now; a refusal says why, in the service's words. */
    private void act(Runnable change) {
        try {
            change.run();
        } catch (KeyRefusedException refused) {
            Notification notification = Notification.show(refused.getMessage(), 6000, Notification.Position.MIDDLE);
            notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
            notification.setId("keys-error");
        }
        refresh();
    }
}
