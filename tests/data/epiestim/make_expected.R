# Writes the expected_default_*.csv, expected_discr_si.csv and expected_warnings.csv files
# in this folder from R's EpiEstim (run: cd tests/data/epiestim && Rscript make_expected.R).
# Made with R 4.2.2 and EpiEstim 2.2-4 (Debian packages r-base-core, r-cran-epiestim).
# EpiEstim 2.2-4 keeps windows ending before the mean serial interval as NA rows; later
# versions (and Loa) drop them, so the NA rows are dropped here.
suppressMessages(library(EpiEstim))

read_json_numbers <- function(path) {
  text <- paste(readLines(path, warn = FALSE), collapse = "")
  as.numeric(strsplit(gsub("[][[:space:]]", "", text), ",")[[1]])
}

fmt <- function(x) sprintf("%.17g", x)
warnings_seen <- data.frame(dataset = character(), cv_warning = logical())

run <- function(name, incid, method, config) {
  cv_warning <- FALSE
  out <- withCallingHandlers(
    suppressMessages(estimate_R(incid, method = method, config = make_config(config))),
    warning = function(w) {
      if (grepl("too early", conditionMessage(w))) cv_warning <<- TRUE
      invokeRestart("muffleWarning")
    }
  )
  r <- out$R[!is.na(out$R[["Mean(R)"]]), ]
  cols <- c("t_start", "t_end", "Mean(R)", "Std(R)", "Quantile.0.025(R)",
            "Quantile.0.05(R)", "Quantile.0.25(R)", "Median(R)", "Quantile.0.75(R)",
            "Quantile.0.95(R)", "Quantile.0.975(R)")
  table <- as.data.frame(lapply(r[, cols], fmt), check.names = FALSE)
  write.csv(table, paste0("expected_default_", name, "_R.csv"), row.names = FALSE,
            quote = FALSE)
  warnings_seen[nrow(warnings_seen) + 1, ] <<- list(name, cv_warning)
}

non_parametric <- function(name, incid) {
  si <- read_json_numbers(paste0(name, "_si_distr.json"))
  run(name, incid, "non_parametric_si", list(si_distr = si))
}

csv_series <- function(name) read.csv(paste0(name, "_incidence.csv"))

non_parametric("Flu1918", read_json_numbers("Flu1918_incidence.json"))
non_parametric("Flu2009", csv_series("Flu2009")$I)
non_parametric("SARS2003", read_json_numbers("SARS2003_incidence.json"))
non_parametric("Measles1861", read_json_numbers("Measles1861_incidence.json"))
non_parametric("Smallpox1972", read_json_numbers("Smallpox1972_incidence.json"))
non_parametric("covid_deaths_2020_uk", csv_series("covid_deaths_2020_uk")$Incidence)

mers <- csv_series("mers_2014_15")
run("mers_2014_15", data.frame(local = mers$local, imported = mers$imported),
    "parametric_si", list(mean_si = 6.8, std_si = 4.1))
run("flu_2009_NYC_school", csv_series("flu_2009_NYC_school")$I,
    "parametric_si", list(mean_si = 2.6, std_si = 1.5))
run("MockRotavirus", read_json_numbers("MockRotavirus_incidence.json"),
    "parametric_si", list(mean_si = 2.5, std_si = 1.5))

write.csv(warnings_seen, "expected_warnings.csv", row.names = FALSE, quote = FALSE)

grid <- list(c(2.6, 1.5), c(6.8, 4.1), c(4.7, 2.9), c(1.5, 0.3), c(20, 10), c(3, 5))
rows <- do.call(rbind, lapply(grid, function(p) {
  k <- 0:40
  data.frame(mean = p[1], sd = p[2], k = k, w = fmt(discr_si(k, p[1], p[2])))
}))
write.csv(rows, "expected_discr_si.csv", row.names = FALSE, quote = FALSE)
