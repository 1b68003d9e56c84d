package dev.tollgate.web.keys;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.theme.lumo.LumoUtility;

/**
 * A key just made, in clear, this once: Tollgate keeps only its hash, so the dialog says plainly that it will not be
 * shown again and offers to copy it. Closing it is a deliberate act (no click outside, no Escape).
 */
class NewKeyDialog extends Dialog {

    static final String WARNING = "Copy this key now and keep it somewhere safe: it will not be shown again."
            + " Tollgate stores only its fingerprint. If you lose it, delete it and create a new one.";

    NewKeyDialog(String name, String key) {
        setId("new-key-dialog");
        setHeaderTitle("Your new key: " + name);
        setCloseOnOutsideClick(false);
        setCloseOnEsc(false);
        setMaxWidth("40rem");
        Paragraph warning = new Paragraph(WARNING);
        warning.setId("new-key-warning");
        warning.addClassNames(LumoUtility.TextColor.ERROR, LumoUtility.FontWeight.SEMIBOLD);
        TextField value = new TextField();
        value.setId("new-key-value");
        value.setAriaLabel("The new key");
        value.setValue(key);
        value.setReadOnly(true);
        value.setWidthFull();
        Button copy = new Button("Copy", VaadinIcon.COPY.create());
        copy.setId("copy-key");
        copy.addClickListener(click -> {
            // Browsers allow the clipboard on https and localhost only; elsewhere the key can still be selected.
            copy.getElement()
                    .executeJs("return navigator.clipboard.writeText($0)", key)
                    .then(
                            result -> copied("Copied to the clipboard"),
                            error -> copied("This browser did not let the page copy: select the key and copy it"));
        });
        HorizontalLayout row = new HorizontalLayout(value, copy);
        row.setWidthFull();
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.expand(value);
        add(warning, row);
        Button done = new Button("I have copied it", click -> close());
        done.setId("new-key-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(done);
    }

    private static void copied(String message) {
        Notification.show(message, 4000, Notification.Position.BOTTOM_CENTER).setId("copy-outcome");
    }
}
