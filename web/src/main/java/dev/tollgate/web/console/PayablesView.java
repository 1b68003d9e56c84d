package dev.tollgate.web.console;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.billing.report.LedgerReports;
import dev.tollgate.billing.report.ProviderPayable;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;

/** What the platform owes each provider for the calls it served, the most owed first, and the sum. */
@Route(value = "console/payables", layout = PortalLayout.class)
@PageTitle("Amounts owed · Operator console · Tollgate")
@CdiComponent
public class PayablesView extends ConsoleView {

    private final LedgerReports reports;
    private final Grid<ProviderPayable> grid = new Grid<>();
    private final Paragraph total = new Paragraph();

    @Inject
    public PayablesView(LedgerReports reports) {
        this.reports = reports;
        grid.setId("payables");
        grid.addColumn(ProviderPayable::provider).setHeader("Provider").setAutoWidth(true);
        grid.addColumn(payable -> Decimals.usd(payable.owed()))
                .setHeader("Owed")
                .setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true);
        grid.addColumn(ProviderPayable::calls)
                .setHeader("Calls")
                .setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true);
        grid.setEmptyStateText("Nothing is owed yet: a provider is owed its cost once a call it served is settled.");
        grid.setAllRowsVisible(true);
        total.setId("payables-total");
        add(
                new H1("Amounts owed"),
                new Paragraph("The posted balance of each provider's payable account: the cost price of every settled"
                        + " call it served, less what was paid out."),
                total,
                grid);
    }

    @Override
    void entered() {
        List<ProviderPayable> payables = platformWide(reports::payables);
        grid.setItems(payables);
        total.setText("Owed in all: "
                + Decimals.usd(payables.stream().map(ProviderPayable::owed).reduce(BigDecimal.ZERO, BigDecimal::add)));
    }
}
