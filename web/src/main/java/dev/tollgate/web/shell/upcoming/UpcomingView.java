package dev.tollgate.web.shell.upcoming;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/** A page whose feature is not built yet: its name and what it will hold, so nobody mistakes it for broken. */
abstract class UpcomingView extends VerticalLayout {

    UpcomingView(String title, String purpose) {
        addClassName("upcoming");
        Paragraph notice = new Paragraph(purpose + " This page is not available on this installation yet.");
        add(new H1(title), notice);
    }
}
