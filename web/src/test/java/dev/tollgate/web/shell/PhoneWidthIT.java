package dev.tollgate.web.shell;

import dev.tollgate.web.support.PortalInBrowser;
import dev.tollgate.web.support.PortalSteps;
import dev.tollgate.web.support.SharedPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Every page of the portal and the console at a phone's width, as a visitor, a member and an operator see them. */
class PhoneWidthIT extends PortalInBrowser {

    @Test
    void aMembersPagesFitAPhone() {
        for (String page : List.of("", "models", "rankings", "login", "sign-up")) {
            portal.assertFitsAPhone(page);
        }
        portal.signUp(PortalSteps.unique("phone"), "");
        for (String page : List.of("", "activity", "keys", "credits", "organization", "settings")) {
            portal.assertFitsAPhone(page);
        }
    }

    @Test
    void theConsoleFitsAPhone() {
        portal.signIn(SharedPostgres.OPERATOR_EMAIL, SharedPostgres.OPERATOR_PASSWORD);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-user")));
        for (String page : List.of(
                "console/providers",
                "console/models",
                "console/endpoints",
                "console/health",
                "console/revenue",
                "console/payables",
                "console/organizations")) {
            portal.assertFitsAPhone(page);
        }
    }
}
