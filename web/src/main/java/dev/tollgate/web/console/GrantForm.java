package dev.tollgate.web.console;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.RefusedException;
import dev.tollgate.api.org.control.OperatorGrants;
import dev.tollgate.billing.grant.CreditGrants;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A credit grant to one organisation: an exact amount in USD and a reason. The amount is read as typed (digits, an
 * optional dot and decimals), never through a floating-point number. One form is one grant: its id travels with every
 * attempt, so a retry after an error or a double click credits once; after a grant, the form takes a new id.
 */
class GrantForm extends FormLayout {

    /** Sends a grant; answers the organisation's balance after it. */
    @FunctionalInterface
    interface Granting {
        BigDecimal grant(BigDecimal amount, Optional<String> reason, UUID grantId);
    }

    private static final Pattern AMOUNT = Pattern.compile("-?\\d+(\\.\\d+)?");

    final TextField amount = new TextField("Amount (USD)");
    final TextField reason = new TextField("Reason");
    final Button submit = new Button("Grant credits");
    private UUID grantId = UUID.randomUUID();

    GrantForm(Granting granting, Consumer<BigDecimal> granted) {
        amount.setId("grant-amount");
        amount.setPlaceholder("25.00");
        amount.setHelperText("Exact, up to 12 decimals; at most " + CreditGrants.MAX_GRANT.toPlainString() + ".");
        reason.setId("grant-reason");
        reason.setMaxLength(OperatorGrants.MAX_REASON);
        reason.setHelperText("Optional; kept with the transfer, e.g. \"launch promotion\".");
        submit.setId("grant-submit");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.addClickListener(click -> submit(granting, granted));
        add(amount, reason, submit);
    }

    /** What is wrong with the typed amount, said so that the operator knows what to type instead. */
    static Optional<String> amountProblem(String typed) {
        String text = typed == null ? "" : typed.strip();
        if (text.isEmpty()) {
            return Optional.of("Enter an amount in USD, such as 25 or 10.50.");
        }
        if (!AMOUNT.matcher(text).matches()) {
            return Optional.of("Type the amount as a plain number in USD, such as 25 or 10.50:"
                    + " no currency sign, no commas, no spaces.");
        }
        return CreditGrants.amountProblem(new BigDecimal(text)).map(problem -> "The amount " + problem + ".");
    }

    private void submit(Granting granting, Consumer<BigDecimal> granted) {
        Optional<String> problem = amountProblem(amount.getValue());
        amount.setErrorMessage(problem.orElse(null));
        amount.setInvalid(problem.isPresent());
        if (problem.isPresent()) {
            return;
        }
        BigDecimal exact = new BigDecimal(amount.getValue().strip());
        Optional<String> why = Optional.of(reason.getValue().strip()).filter(text -> !text.isEmpty());
        try {
            BigDecimal balance = granting.grant(exact, why, grantId);
            grantId = UUID.randomUUID();
            amount.clear();
            reason.clear();
            granted.accept(balance);
        } catch (InvalidFieldException e) {
            if (e.field().equals("amount")) {
                amount.setErrorMessage(
                        "The amount " + e.getMessage().substring(e.field().length() + 2) + ".");
                amount.setInvalid(true);
            } else {
                ConsoleView.refused(e);
            }
        } catch (RefusedException e) {
            ConsoleView.refused(e);
        }
    }
}
