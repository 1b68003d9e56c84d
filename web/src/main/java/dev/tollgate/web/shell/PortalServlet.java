package dev.tollgate.web.shell;

import com.vaadin.cdi.CdiVaadinServlet;
import jakarta.servlet.annotation.WebServlet;

/** Vaadin with CDI on every path the API does not claim ({@code /api/*} is the JAX-RS application's). */
@WebServlet(urlPatterns = "/*", asyncSupported = true, name = "portal")
public class PortalServlet extends CdiVaadinServlet {}
