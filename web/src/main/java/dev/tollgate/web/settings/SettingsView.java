package dev.tollgate.web.settings;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.tollgate.api.org.control.MembershipRefusedException;
import dev.tollgate.api.org.control.Memberships;
import dev.tollgate.api.org.control.OrganizationSettings;
import dev.tollgate.api.org.control.OrganizationSettings.Settings;
import dev.tollgate.routing.catalog.Catalog;
import dev.tollgate.web.identity.MembersOnly;
import dev.tollgate.web.identity.OrganizationView;
import dev.tollgate.web.identity.PortalSessions;
import dev.tollgate.web.identity.PortalUser;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.function.Supplier;

/**
 * The organisation's settings: its name, the way to its members, and the routing preferences that tighten every call
 * of the organisation: refusing providers that train on or retain prompts, and providers it never wants. Owners and
 * admins change them; members read them. The service checks the role again.
 */
@Route(value = "settings", layout = PortalLayout.class)
@PageTitle("Settings · Tollgate")
@CdiComponent
public class SettingsView extends VerticalLayout implements MembersOnly, BeforeEnterObserver {

    private final OrganizationSettings settings;
    private final Memberships memberships;
    private final Catalog catalog;

    @Inject
    public SettingsView(OrganizationSettings settings, Memberships memberships, Catalog catalog) {
        this.settings = settings;
        this.memberships = memberships;
        this.catalog = catalog;
        setId("settings-page");
        setMaxWidth("60rem");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        PortalSessions.current().ifPresent(this::show);
    }

    private void show(PortalUser user) {
        removeAll();
        Settings current;
        try {
            current = settings.of(user.account(), user.organization());
        } catch (MembershipRefusedException e) {
            add(
                    new H1("Settings"),
                    new Paragraph("You are no longer a member of " + user.organizationName()
                            + ". Pick another organisation at the top of the page."));
            return;
        }
        add(new H1("Settings"));
        if (!current.changeable()) {
            Paragraph readOnly = new Paragraph(
                    "You are a member here: only the owner and admins change these settings. Ask one of them.");
            readOnly.setId("settings-read-only");
            add(readOnly);
        }
        add(organisationSection(user, current), routingSection(user, current));
    }

    private VerticalLayout organisationSection(PortalUser user, Settings current) {
        TextField name = new TextField("Name");
        name.setId("organization-name-field");
        name.setValue(current.name());
        name.setMaxLength(200);
        name.setReadOnly(!current.changeable());
        name.setWidthFull();
        name.setMaxWidth("24rem");
        Button rename = new Button(
                "Rename",
                click -> attempt(() -> {
                    Settings renamed = settings.rename(user.account(), user.organization(), name.getValue());
                    // The organisation switcher shows the session's copy of the name: refresh it, then the page.
                    memberships
                            .membership(user.account(), user.organization())
                            .ifPresent(membership -> PortalSessions.switchTo(user.in(membership)));
                    saved("Renamed to " + renamed.name() + ".");
                    getUI().ifPresent(ui -> ui.getPage().reload());
                    return renamed;
                }));
        rename.setId("rename-organization");
        rename.setVisible(current.changeable());
        FlexLayout row = wrapping(name, rename);
        RouterLink members = new RouterLink("Members and invitations", OrganizationView.class);
        members.setId("members-link");
        VerticalLayout section = new VerticalLayout(
                new H2("Organisation"),
                row,
                new Paragraph("Who belongs to the organisation, their roles and invitations:"),
                members);
        section.setPadding(false);
        return section;
    }

    private VerticalLayout routingSection(PortalUser user, Settings current) {
        Checkbox privacy = new Checkbox("Refuse providers that train on prompts or retain them");
        privacy.setId("deny-data-collection");
        privacy.setValue(current.denyDataCollection());
        privacy.setReadOnly(!current.changeable());
        Paragraph privacyHelp = new Paragraph("Every call of the organisation then avoids such providers, whatever"
                + " the request says; a model served only by them answers 503 with each endpoint's reason.");

        MultiSelectComboBox<String> ignored = new MultiSelectComboBox<>("Ignored providers");
        ignored.setId("ignored-providers");
        ProviderChoices choices = ProviderChoices.of(catalog.current(), current.ignoredProviders());
        ignored.setItems(choices.slugs());
        ignored.setItemLabelGenerator(choices::label);
        ignored.setValue(new LinkedHashSet<>(current.ignoredProviders()));
        ignored.setReadOnly(!current.changeable());
        ignored.setWidthFull();
        ignored.setMaxWidth("36rem");
        ignored.setHelperText("None of the organisation's calls goes to these providers, in addition to each"
                + " request's provider.ignore. If they are all of a model's providers, calls to that model fail"
                + " with 503 (no endpoint can serve it).");

        Button save = new Button(
                "Save preferences",
                click -> attempt(() -> {
                    settings.denyDataCollection(user.account(), user.organization(), privacy.getValue());
                    Settings stored = settings.ignoreProviders(user.account(), user.organization(), ignored.getValue());
                    saved("Saved: the next call follows them.");
                    return stored;
                }));
        save.setId("save-preferences");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setVisible(current.changeable());
        VerticalLayout section =
                new VerticalLayout(new H2("Privacy and providers"), privacy, privacyHelp, ignored, save);
        section.setPadding(false);
        return section;
    }

    private static FlexLayout wrapping(com.vaadin.flow.component.Component... parts) {
        FlexLayout row = new FlexLayout(parts);
        row.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.getStyle().set("gap", "var(--lumo-space-m)");
        row.setWidthFull();
        return row;
    }

    /** Runs a change; a refusal is shown as the service words it, saying what to do. */
    private static void attempt(Supplier<Settings> change) {
        try {
            change.get();
        } catch (MembershipRefusedException e) {
            Notification notification = Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE);
            notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
            notification.setId("settings-error");
        }
    }

    private static void saved(String message) {
        Notification notification = Notification.show(message, 3000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        notification.setId("settings-saved");
    }
}
