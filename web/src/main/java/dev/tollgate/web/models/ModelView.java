package dev.tollgate.web.models;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tollgate.api.models.control.ListedModel;
import dev.tollgate.api.models.control.ModelCatalog;
import dev.tollgate.api.models.control.ModelOffers;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.web.identity.PublicUrl;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One model's public page: what it is, every provider serving it at list price with this server's health figures,
 * and how to call it. Model ids have two parts ({@code author/slug}, the slug possibly ending in {@code :free}), which
 * are the page's address.
 */
@Route(value = "models/:author/:slug", layout = PortalLayout.class)
@CdiComponent
public class ModelView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final ModelCatalog catalog;
    private final Supplier<String> publicUrl;
    private String title = "Model not found · Tollgate";

    @Inject
    public ModelView(ModelCatalog catalog) {
        this(catalog, () -> PublicUrl.of(VaadinServletRequest.getCurrent().getHttpServletRequest()));
    }

    /** For tests: the installation's address given. */
    ModelView(ModelCatalog catalog, Supplier<String> publicUrl) {
        this.catalog = catalog;
        this.publicUrl = publicUrl;
        setId("model-page");
        setMaxWidth("80rem");
        setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        show(event.getRouteParameters().get("author").orElse("") + "/"
                + event.getRouteParameters().get("slug").orElse(""));
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    /** Shows the model, or that there is none by this id. */
    void show(String modelId) {
        removeAll();
        catalog.offers(modelId).ifPresentOrElse(this::showModel, () -> showNotFound(modelId));
    }

    private void showModel(ModelOffers offers) {
        CatalogModel model = offers.model();
        title = model.name() + " · Models · Tollgate";
        H1 name = new H1(model.name());
        name.setId("model-name");
        Span id = new Span(model.id());
        id.setId("model-id");
        id.addClassNames(LumoUtility.TextColor.SECONDARY);
        id.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        Paragraph description = new Paragraph(Objects.toString(model.description(), ""));
        description.setId("model-description");
        add(back(), name, id, description, facts(offers));

        add(new H2("Providers"));
        if (offers.endpoints().isEmpty()) {
            Paragraph none = new Paragraph("No provider serves this model right now, so calls to it are refused."
                    + " Pick another model from the catalog.");
            none.setId("no-endpoints");
            add(none);
        } else {
            add(new Paragraph("Prices in USD per million tokens, margin included: what you pay. Uptime, latency (time"
                    + " to first token) and throughput are this server's measurements over the last 30 minutes."));
            add(new EndpointGrid(offers.endpoints()));
        }

        add(new H2("Call it"), samples(model.id()));
    }

    private static Component facts(ModelOffers offers) {
        CatalogModel model = offers.model();
        FlexLayout facts = new FlexLayout(
                fact("Context", PerMillion.tokens(model.contextLength()) + " tokens", "model-context"),
                fact("Input", String.join(", ", model.inputModalities()), "model-input"),
                fact("Output", String.join(", ", model.outputModalities()), "model-output"),
                fact("Providers", String.valueOf(offers.endpoints().size()), "model-providers"));
        ListedModel.of(
                        model,
                        offers.endpoints().stream()
                                .map(offer -> offer.endpoint())
                                .toList())
                .ifPresent(listed -> facts.add(fact(
                        "From",
                        listed.free()
                                ? "Free"
                                : PerMillion.dollars(listed.listPrice().prompt()) + " in · "
                                        + PerMillion.dollars(listed.listPrice().completion()) + " out per 1M",
                        "model-price")));
        facts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        facts.addClassNames(LumoUtility.Gap.LARGE);
        return facts;
    }

    private static Component fact(String label, String value, String id) {
        Span caption = new Span(label);
        caption.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Span shown = new Span(value);
        shown.setId(id);
        shown.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        VerticalLayout fact = new VerticalLayout(caption, shown);
        fact.setPadding(false);
        fact.setSpacing(false);
        fact.setWidth(null);
        return fact;
    }

    private Component samples(String modelId) {
        TabSheet tabs = new TabSheet();
        tabs.setId("code-samples");
        tabs.setWidthFull();
        CodeSamples.of(publicUrl.get(), modelId).forEach((label, code) -> {
            Pre pre = new Pre(code);
            pre.addClassName("code-sample");
            // Long lines scroll inside the sample; the page itself never scrolls sideways on a phone.
            pre.setWidthFull();
            pre.getStyle().set("overflow-x", "auto").set("margin", "0").set("box-sizing", "border-box");
            Button copy = new Button("Copy", VaadinIcon.COPY_O.create(), click -> {
                click.getSource()
                        .getElement()
                        .executeJs("return navigator.clipboard.writeText($0)", code)
                        .then(
                                done -> Notification.show(
                                        "Copied to the clipboard", 2000, Notification.Position.BOTTOM_END),
                                failed -> Notification.show(
                                        "The browser refused the clipboard: select the text and copy it",
                                        4000,
                                        Notification.Position.BOTTOM_END));
            });
            copy.setId("copy-" + label.toLowerCase(Locale.ROOT));
            copy.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            VerticalLayout content = new VerticalLayout(copy, pre);
            content.setPadding(false);
            content.setSpacing(false);
            content.setWidthFull();
            tabs.add(label, content);
        });
        Paragraph key = new Paragraph("Set TOLLGATE_API_KEY to a key of your organisation (Keys page).");
        key.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Div samples = new Div(tabs, key);
        samples.setWidthFull();
        return samples;
    }

    private void showNotFound(String modelId) {
        title = "Model not found · Tollgate";
        H1 heading = new H1("Model not found");
        heading.setId("model-not-found");
        Paragraph why = new Paragraph("There is no model '" + modelId + "' in this catalog. It may have been renamed or"
                + " withdrawn, or the address is mistyped.");
        Anchor catalogLink = new Anchor("models", "Browse all models");
        catalogLink.setId("back-to-catalog");
        add(heading, why, catalogLink);
    }

    private static Component back() {
        Anchor back = new Anchor("models", "← All models");
        back.setId("back-to-catalog");
        return back;
    }
}
