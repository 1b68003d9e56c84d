/**
 * Charts drawn on the server as SVG: no script, no npm package and no commercial licence, and they render in the
 * prebuilt Vaadin bundle, in every browser and in screenshots.
 */
package dev.tollgate.web.chart;
