package dev.tollgate.web.support;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person does in the portal, step by step, in one browser: sign up, sign in, type into a field, press a button,
 * read a grid. Every step waits for its element; nothing sleeps. Tests with two people hold two of these.
 */
public final class PortalSteps {

    /** The password every test person signs up with: long enough, not common, not their email. */
    public static final String PASSWORD = "a long enough passphrase";

    private final String base;
    private final ChromeDriver browser;
    private final WebDriverWait wait;

    public PortalSteps(String base, ChromeDriver browser, WebDriverWait wait) {
        this.base = base.endsWith("/") ? base : base + "/";
        this.browser = browser;
        this.wait = wait;
    }

    /** An email nobody else in this run uses. */
    public static String unique(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    public void open(String path) {
        browser.get(base + path);
    }

    /** Signs up with {@link #PASSWORD} (and a name unless blank) and waits until the portal shows them signed in. */
    public void signUp(String email, String name) {
        open("sign-up");
        type("sign-up-email", email);
        if (!name.isEmpty()) {
            type("sign-up-name", name);
        }
        type("sign-up-password", PASSWORD);
        type("sign-up-repeat", PASSWORD);
        click("sign-up-submit");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-user")));
    }

    /** Opens the sign-in page and submits; what follows (success, a problem) is for the test to wait for. */
    public void signIn(String email, String password) {
        open("login");
        fillSignIn(email, password);
    }

    /** Fills the sign-in form already on screen (the login page, or the one a members-only page forwarded to). */
    public void fillSignIn(String email, String password) {
        WebElement user =
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#vaadinLoginUsername input")));
        user.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        user.sendKeys(email);
        WebElement secret = browser.findElement(By.cssSelector("#vaadinLoginPassword input"));
        secret.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        secret.sendKeys(password, Keys.ENTER);
    }

    /** Types into the input inside the Vaadin field with this id, after clearing it. */
    public void type(String id, String value) {
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#" + id + " input")));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(value);
    }

    public void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** The text of the element with this id, once it is there. */
    public String text(String id) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id)))
                .getText();
    }

    /** Waits until the element with this id contains {@code expected}, and returns its whole text. */
    public String waitForText(String id, String expected) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), expected));
        return text(id);
    }

    /** The grid's cell texts once it has at least {@code atLeast} cells, read in one script (see {@link #cells}). */
    public List<String> cells(String grid, int atLeast) {
        wait.until(driver -> cells(grid).size() >= atLeast);
        return cells(grid);
    }

    /**
     * The grid's shown cell texts read in one script, so a re-render between reads cannot leave a stale element;
     * cells of rows the grid keeps hidden for reuse are left out.
     */
    @SuppressWarnings("unchecked")
    public List<String> cells(String grid) {
        return (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('#' + arguments[0] + ' vaadin-grid-cell-content'))"
                        + ".filter(cell => cell.offsetParent !== null).map(cell => cell.textContent.trim());",
                grid);
    }

    /**
     * Waits until some row of the grid shows {@code text}, scrolling it ten rows at a time: a grid renders only the rows
     * in view, and on the shared test server a listing holds every test's rows, so a test's own row may be far below.
     */
    public void waitForRow(String grid, String text) {
        int[] next = {0};
        wait.until(driver -> {
            if (cells(grid).contains(text)) {
                return true;
            }
            Number size = (Number) browser.executeScript(
                    "const grid = document.getElementById(arguments[0]); return grid ? grid.size || 0 : 0;", grid);
            if (size.intValue() > 0) {
                browser.executeScript(
                        "document.getElementById(arguments[0]).scrollToIndex(arguments[1]);", grid, next[0]);
                next[0] = (next[0] + 10) % size.intValue();
            }
            return false;
        });
    }

    /**
     * Opens the page at phone width (390 pixels) and waits until nothing pushes it sideways: wide parts (grids, code)
     * must wrap or scroll within themselves. Fails naming the page.
     */
    public void assertFitsAPhone(String path) {
        Dimension laptop = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            open(path);
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .withMessage("/" + path + " is wider than a phone: something in it does not wrap or scroll")
                    .until(driver -> (Boolean) browser.executeScript(
                            "const view = document.querySelector('vaadin-app-layout > :not([slot])');"
                                    + " return view !== null && window.innerWidth < 400"
                                    + " && view.scrollWidth <= view.clientWidth + 1"
                                    + " && document.documentElement.scrollWidth <= window.innerWidth + 1;"));
        } finally {
            browser.manage().window().setSize(laptop);
        }
    }
}
