package dev.tollgate.web.console;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.admin.audit.control.AuditQuery;
import dev.tollgate.admin.audit.control.AuditTrail;
import dev.tollgate.admin.audit.entity.AuditEntry;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The audit log, newest first, read a page at a time as the grid scrolls, with the operator API's filters: one
 * organisation, an action or a family of them, and a moment since which. Operators only, as every console page.
 */
@Route(value = "console/audit", layout = PortalLayout.class)
@PageTitle("Audit log · Operator console · Tollgate")
@CdiComponent
public class AuditView extends ConsoleView {

    /** The families of actions, as the filter offers them; the grid shows each entry's exact action. */
    static final List<String> ACTIONS = List.of(
            "provider.",
            "model.",
            "endpoint.",
            "platform_margin.",
            "auto_router.",
            "grant.",
            "organization.",
            "key.",
            "member.");

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final AuditTrail trail;
    private final TextField organization = new TextField("Organisation id");
    private final ComboBox<String> action = new ComboBox<>("Action");
    private final DateTimePicker since = new DateTimePicker("Since (UTC)");
    private final Grid<AuditEntry> grid = new Grid<>();

    @Inject
    public AuditView(AuditTrail trail) {
        this.trail = trail;
        organization.setId("audit-organization");
        organization.setClearButtonVisible(true);
        organization.setValueChangeMode(ValueChangeMode.LAZY);
        organization.addValueChangeListener(change -> refresh());
        action.setId("audit-action");
        action.setItems(ACTIONS);
        action.setAllowCustomValue(true);
        action.addCustomValueSetListener(custom -> action.setValue(custom.getDetail()));
        action.setClearButtonVisible(true);
        action.addValueChangeListener(change -> refresh());
        since.setId("audit-since");
        since.addValueChangeListener(change -> refresh());

        grid.setId("audit");
        grid.addColumn(entry -> WHEN.format(entry.at())).setHeader("When").setAutoWidth(true);
        grid.addColumn(entry -> entry.actor().label().isEmpty()
                        ? entry.actor().kind().value()
                        : entry.actor().label())
                .setHeader("Who")
                .setAutoWidth(true);
        grid.addColumn(AuditEntry::action).setHeader("Action").setAutoWidth(true);
        grid.addColumn(AuditEntry::target).setHeader("Target").setAutoWidth(true);
        grid.addColumn(entry -> json(entry.before())).setHeader("Before").setFlexGrow(1);
        grid.addColumn(entry -> json(entry.after())).setHeader("After").setFlexGrow(1);
        grid.addColumn(entry -> entry.organization().map(UUID::toString).orElse("platform"))
                .setHeader("Organisation")
                .setAutoWidth(true);
        grid.setEmptyStateText("No entry matches: clear the filters. Every change of the catalog, prices, margins,"
                + " grants, keys, members and organisation settings is recorded here.");

        HorizontalLayout filters = new HorizontalLayout(organization, action, since);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);
        add(
                new H1("Audit log"),
                new Paragraph("Who changed what, when, with the values before and after; newest first. Entries"
                        + " cannot be changed or removed, by anyone."),
                filters,
                grid);
    }

    @Override
    void entered() {
        grid.setItems(
                query -> platformWide(() -> trail.entries(query(query.getOffset(), query.getLimit()))).stream(),
                query -> (int) Math.min(Integer.MAX_VALUE, platformWide(() -> trail.count(query(0, 1)))));
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }

    private AuditQuery query(int offset, int limit) {
        return new AuditQuery(
                organizationFilter(),
                Optional.ofNullable(action.getValue()),
                Optional.ofNullable(since.getValue()).map(local -> local.toInstant(ZoneOffset.UTC)),
                offset,
                Math.max(1, Math.min(limit, AuditQuery.MAX_LIMIT)));
    }

    /** An id being typed is no filter yet; a finished one narrows the grid to its organisation. */
    private Optional<UUID> organizationFilter() {
        String text = organization.getValue().strip();
        try {
            organization.setInvalid(false);
            return text.isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            organization.setInvalid(true);
            organization.setErrorMessage("An organisation id, as the Organisations page shows it.");
            return Optional.of(new UUID(0, 0));
        }
    }

    private static String json(Optional<JsonObject> values) {
        return values.map(JsonObject::toString).orElse("");
    }
}
