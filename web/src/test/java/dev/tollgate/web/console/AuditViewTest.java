package dev.tollgate.web.console;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinSession;
import dev.tollgate.admin.audit.control.AuditQuery;
import dev.tollgate.admin.audit.control.AuditTrail;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.admin.audit.entity.AuditEntry;
import dev.tollgate.admin.audit.entity.AuditValues;
import dev.tollgate.db.tenancy.TenantScope;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's audit page: the log's entries in a grid, the operator API's filters, and operators only. */
class AuditViewTest {

    private final UUID organization = UUID.randomUUID();
    private final List<AuditQuery> asked = new ArrayList<>();
    private final List<TenantScope> scopes = new ArrayList<>();

    /** The log, as far as the page asks it: one entry, and what each question was. */
    private final AuditTrail trail = new AuditTrail() {
        @Override
        public List<AuditEntry> entries(AuditQuery query) {
            asked.add(query);
            scopes.add(TenantScope.current());
            return List.of(new AuditEntry(
                    7,
                    Instant.parse("2026-11-22T09:08:07Z"),
                    Actor.operator(UUID.randomUUID(), "ops@tollgate.test"),
                    Optional.of(organization),
                    "grant.create",
                    "organisation " + organization,
                    Optional.of(AuditValues.of().with("available", "0").json()),
                    Optional.of(AuditValues.of().with("available", "10.5").json())));
        }

        @Override
        public long count(AuditQuery query) {
            asked.add(query);
            return 1;
        }
    };

    @BeforeEach
    void vaadin() {
        MockVaadin.setup();
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    @Test
    void theGridShowsWhoWhatWhenAndTheValuesAndTheFiltersNarrowIt() {
        VaadinSession.getCurrent().setAttribute(OperatorSession.class.getName(), Boolean.TRUE);
        AuditView view = new AuditView(trail);
        UI.getCurrent().add(view);
        view.entered();

        @SuppressWarnings("unchecked")
        Grid<AuditEntry> grid = _get(Grid.class, spec -> spec.withId("audit"));
        assertEquals(1, GridKt._size(grid));
        List<String> row = GridKt._getFormattedRow(grid, 0);
        assertEquals("2026-11-22 09:08:07", row.get(0));
        assertEquals("ops@tollgate.test", row.get(1));
        assertEquals("grant.create", row.get(2));
        assertEquals("{\"available\":\"0\"}", row.get(4));
        assertEquals("{\"available\":\"10.5\"}", row.get(5));
        assertEquals(TenantScope.platform(), scopes.get(0), "the log is read in the platform's scope");

        _setValue(_get(TextField.class, spec -> spec.withId("audit-organization")), organization.toString());
        @SuppressWarnings("unchecked")
        ComboBox<String> action = _get(ComboBox.class, spec -> spec.withId("audit-action"));
        _setValue(action, "key.");
        DateTimePicker since = _get(DateTimePicker.class, spec -> spec.withId("audit-since"));
        since.setValue(LocalDateTime.parse("2026-11-22T00:00:00"));
        assertEquals(LocalDateTime.parse("2026-11-22T00:00:00"), since.getValue());
        GridKt._size(grid);

        AuditQuery last = asked.get(asked.size() - 1);
        assertEquals(Optional.of(organization), last.organization());
        assertEquals(Optional.of("key."), last.action());
        assertEquals(Optional.of(Instant.parse("2026-11-22T00:00:00Z")), last.since());
        assertTrue(AuditView.ACTIONS.contains("key."));
    }

    @Test
    void aTokenSessionActsAsTheOperatorTokenAndOthersAsNobody() {
        assertEquals(Optional.empty(), OperatorSession.actor());
        assertThrows(IllegalStateException.class, ConsoleView::operator);

        VaadinSession.getCurrent().setAttribute(OperatorSession.class.getName(), Boolean.TRUE);

        assertEquals(Optional.of(Actor.operatorToken()), OperatorSession.actor());
    }
}
