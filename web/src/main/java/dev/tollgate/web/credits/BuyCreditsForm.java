package dev.tollgate.web.credits;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tollgate.billing.payment.TopUpFees;
import dev.tollgate.billing.payment.TopUpQuote;
import dev.tollgate.web.shell.Usd;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Buying credits: an amount in USD, and, as it is typed, what it costs: the credits, the platform fee and the total
 * charged, worked out by the installation's {@link TopUpFees} (the same policy the checkout charges by). The pay
 * button stays off until the amount is one the policy accepts.
 */
public class BuyCreditsForm extends Div {

    private final TopUpFees fees;
    private final BigDecimalField amount = new BigDecimalField("Credits to buy");
    private final Span credits = figure("quote-credits");
    private final Span fee = figure("quote-fee");
    private final Span total = figure("quote-total");
    private final Button pay = new Button("Pay with Stripe", VaadinIcon.CREDIT_CARD.create());

    public BuyCreditsForm(TopUpFees fees, Consumer<BigDecimal> onPay) {
        this.fees = fees;
        setId("buy-credits");
        amount.setId("credits-amount");
        amount.setPrefixComponent(new Span("$"));
        amount.setPlaceholder("20.00");
        amount.setHelperText("USD, up to " + Usd.text(TopUpFees.MAX_CREDITS) + " at a time");
        amount.setValueChangeMode(ValueChangeMode.EAGER);
        amount.addValueChangeListener(change -> quote());
        pay.setId("pay-with-stripe");
        pay.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        pay.setEnabled(false);
        pay.addClickListener(click -> quoted().ifPresent(quote -> onPay.accept(quote.credits())));
        FlexLayout quote = new FlexLayout(line("Credits", credits), line("Platform fee", fee), line("Total", total));
        quote.setId("quote");
        quote.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        quote.addClassNames(LumoUtility.Gap.LARGE, LumoUtility.Margin.Vertical.MEDIUM);
        Span policy = new Span("The platform fee is "
                + fees.rate().movePointRight(2).stripTrailingZeros().toPlainString() + " % of the credits, at least "
                + Usd.text(fees.minimum()) + ".");
        policy.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        add(amount, quote, policy, new Div(pay));
        quote();
    }

    /** The quote for the amount typed, when the policy accepts it. */
    Optional<TopUpQuote> quoted() {
        BigDecimal value = amount.getValue();
        if (value == null || TopUpFees.amountProblem(value).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(fees.quote(value));
    }

    private void quote() {
        BigDecimal value = amount.getValue();
        // An empty field is not wrong yet (the figures stay blank); letters cannot be typed into it.
        Optional<String> problem =
                Optional.ofNullable(value).flatMap(TopUpFees::amountProblem).map(text -> "The amount " + text);
        amount.setErrorMessage(problem.orElse(null));
        amount.setInvalid(problem.isPresent());
        Optional<TopUpQuote> quote = quoted();
        credits.setText(quote.map(q -> Usd.text(q.credits())).orElse("—"));
        fee.setText(quote.map(q -> Usd.text(q.fee())).orElse("—"));
        total.setText(quote.map(q -> Usd.text(q.total())).orElse("—"));
        pay.setEnabled(quote.isPresent());
        pay.setText(
                quote.map(q -> "Pay " + Usd.text(q.total()) + " with Stripe").orElse("Pay with Stripe"));
    }

    private static Span figure(String id) {
        Span figure = new Span("—");
        figure.setId(id);
        figure.addClassNames(LumoUtility.FontSize.XLARGE, LumoUtility.FontWeight.SEMIBOLD);
        return figure;
    }

    private static Div line(String name, Span figure) {
        Span label = new Span(name);
        label.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Display.BLOCK);
        return new Div(label, figure);
    }
}
