package dev.tollgate.web.shell;

import com.vaadin.cdi.CdiVaadinServlet;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebServlet;

/**
 * Vaadin with CDI on every path the API does not claim ({@code /api/*} is the JAX-RS application's). Idle sessions
 * are closed even while a tab stays open (its heartbeats alone keep nothing alive), so the session timeout holds.
 */
@WebServlet(
        urlPatterns = "/*",
        asyncSupported = true,
        name = "portal",
        initParams = @WebInitParam(name = "closeIdleSessions", value = "true"))
public class PortalServlet extends CdiVaadinServlet {}
