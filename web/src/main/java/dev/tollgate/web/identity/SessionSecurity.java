package dev.tollgate.web.identity;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The portal's session cookie and lifetime: HttpOnly, SameSite=Lax (a cross-site form cannot ride the session),
 * Secure when browsers reach this installation over HTTPS ({@code TOLLGATE_PUBLIC_URL}), and ended after
 * {@code TOLLGATE_SESSION_TIMEOUT_MINUTES} (30) without a request. The portal servlet closes idle sessions even while
 * a tab stays open, so the timeout holds.
 */
@WebListener
public class SessionSecurity implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        SessionCookieConfig cookie = context.getSessionCookieConfig();
        cookie.setHttpOnly(true);
        cookie.setSecure(PublicUrl.https());
        cookie.setAttribute("SameSite", "Lax");
        context.setSessionTimeout(ConfigProvider.getConfig()
                .getOptionalValue("tollgate.session.timeout-minutes", Integer.class)
                .orElse(30));
    }
}
