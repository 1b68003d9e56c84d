package dev.tollgate.web.console;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.api.org.control.OperatorGrants;
import dev.tollgate.api.org.control.OrganizationBalances;
import dev.tollgate.api.org.control.OrganizationBalances.OrganizationBalance;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Every organisation with what it can spend, searched by name or id and read a page at a time; and a credit grant to
 * any of them, through the same checks and idempotency as the operator API's grants.
 */
@Route(value = "console/organizations", layout = PortalLayout.class)
@PageTitle("Organisations · Operator console · Tollgate")
@CdiComponent
public class OrganizationsView extends ConsoleView {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final OrganizationBalances balances;
    private final OperatorGrants grants;
    private final TextField search = new TextField();
    private final Grid<OrganizationBalance> grid = new Grid<>();

    @Inject
    public OrganizationsView(OrganizationBalances balances, OperatorGrants grants) {
        this.balances = balances;
        this.grants = grants;
        search.setId("organization-search");
        search.setPlaceholder("Search by name or id");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setWidthFull();
        search.setMaxWidth("24rem");
        search.addValueChangeListener(change -> grid.getDataProvider().refreshAll());

        grid.setId("organizations");
        // A set width, not an automatic one: a long name must leave the balance and the button on a phone's screen.
        grid.addColumn(OrganizationBalance::name)
                .setHeader("Name")
                .setWidth("9rem")
                .setFlexGrow(1);
        grid.addColumn(org -> Decimals.usd(org.available()))
                .setHeader("Available")
                .setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true);
        grid.addComponentColumn(this::grantButton).setHeader("").setAutoWidth(true);
        // On a phone the grid scrolls sideways: what a grant needs (name, balance, button) comes first.
        grid.addColumn(OrganizationBalance::members).setHeader("Members");
        grid.addColumn(org -> org.personal() ? "personal" : "shared").setHeader("Kind");
        grid.addColumn(org -> DAY.format(org.createdAt())).setHeader("Created");
        grid.addColumn(org -> org.id().toString()).setHeader("Id").setAutoWidth(true);
        grid.setEmptyStateText("No organisation matches: clear the search, or create one with the operator API.");

        add(
                new H1("Organisations"),
                new Paragraph("What each organisation can spend now: posted credits less spending, holds of calls in"
                        + " flight included. Grant credits from its row."),
                search,
                grid);
    }

    @Override
    void entered() {
        grid.setItems(
                query ->
                        platformWide(() -> balances.page(search.getValue(), query.getOffset(), query.getLimit()))
                                .stream(),
                query -> platformWide(() -> balances.count(search.getValue())));
    }

    private Button grantButton(OrganizationBalance organization) {
        Button grant = new Button("Grant", VaadinIcon.PLUS.create(), click -> openGrant(organization));
        grant.setId("grant-" + organization.id());
        grant.addThemeVariants(ButtonVariant.LUMO_SMALL);
        return grant;
    }

    private void openGrant(OrganizationBalance organization) {
        Dialog dialog = new Dialog("Grant credits to " + organization.name());
        dialog.setId("grant-dialog");
        GrantForm form = new GrantForm(
                (amount, reason, grantId) ->
                        platformWide(() -> grants.grant(operator(), organization.id(), amount, reason, grantId)
                                .credits()
                                .available()),
                balance -> {
                    dialog.close();
                    grid.getDataProvider().refreshAll();
                    Notification done = Notification.show(
                            organization.name() + " now has " + Decimals.usd(balance) + ".",
                            4000,
                            Notification.Position.BOTTOM_START);
                    done.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    done.setId("grant-done");
                });
        dialog.add(new Paragraph("Available now: " + Decimals.usd(organization.available())), form);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()));
        dialog.open();
    }
}
