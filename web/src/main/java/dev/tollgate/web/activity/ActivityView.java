package dev.tollgate.web.activity;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.api.generation.control.ActivityFilter;
import dev.tollgate.api.generation.control.GenerationHistory;
import dev.tollgate.web.identity.MembersOnly;
import dev.tollgate.web.identity.PortalSessions;
import dev.tollgate.web.identity.PortalUser;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The organisation's generations, newest first, for every member: filters, server-side paging from the last row
 * shown (the grid never asks how many rows there are), a row's detail on click and the CSV export of the filter.
 * {@code ?generation=<id>} opens that generation's detail, as the dashboard's links do.
 */
@Route(value = "activity", layout = PortalLayout.class)
@PageTitle("Activity · Tollgate")
@CdiComponent
public class ActivityView extends VerticalLayout implements MembersOnly, BeforeEnterObserver {

    private final GenerationHistory history;

    @Inject
    public ActivityView(GenerationHistory history) {
        this.history = history;
        setId("activity-page");
        setMaxWidth("90rem");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        PortalSessions.current().ifPresent(user -> {
            show(user);
            List<String> wanted =
                    event.getLocation().getQueryParameters().getParameters().get("generation");
            if (wanted != null && !wanted.isEmpty()) {
                history.find(user.organization(), wanted.get(0))
                        .ifPresentOrElse(
                                entry -> new GenerationDetails(entry).open(),
                                () -> Notification.show("That generation is not in your organisation's activity"
                                        + " (yet: a call is stored within a second or two)."));
            }
        });
    }

    private void show(PortalUser user) {
        removeAll();
        ActivityFilters filters =
                new ActivityFilters(history.choices(user.organization()), LocalDate.now(ZoneOffset.UTC));
        Anchor export = new Anchor(ExportLink.of(ActivityFilter.ALL), "Export CSV");
        export.setId("activity-export");
        export.setRouterIgnore(true);
        export.getElement().setAttribute("download", true);
        export.addComponentAsFirst(VaadinIcon.DOWNLOAD.create());
        Paragraph exportNote =
                new Paragraph("The export holds every generation the filters select, newest first, up to "
                        + NumberFormat.getIntegerInstance(Locale.ENGLISH).format(GenerationHistory.MAX_EXPORT_ROWS)
                        + " rows; narrow the dates for more.");
        exportNote.getStyle().set("font-size", "var(--lumo-font-size-s)").set("margin", "0");

        ActivityGrid grid = new ActivityGrid();
        grid.setId("activity-grid");
        KeysetPages[] pages = {pages(user, ActivityFilter.ALL)};
        grid.setItems(query -> pages[0].fetch(query.getOffset(), query.getLimit()).stream());
        grid.addItemClickListener(click -> new GenerationDetails(click.getItem()).open());
        grid.setHeight("36rem");
        Paragraph empty = new Paragraph("No generations match. Calls made with your organisation's keys appear here"
                + " a second or two after they finish; clear the filters or widen the dates.");
        empty.setId("activity-empty");
        grid.setEmptyStateComponent(empty);

        filters.onChange(filter -> {
            pages[0] = pages(user, filter);
            grid.getDataProvider().refreshAll();
            export.setHref(ExportLink.of(filter));
        });
        add(
                new H1("Activity"),
                new Paragraph("Every call made with your organisation's keys, newest first. Times and days are UTC;"
                        + " costs are what your organisation paid. Click a row for its detail."),
                filters,
                export,
                exportNote,
                grid);
    }

    private KeysetPages pages(PortalUser user, ActivityFilter filter) {
        return new KeysetPages((after, skip, limit) -> history.page(user.organization(), filter, after, skip, limit));
    }
}
