// SettingsDialog: language and theme (and the log level), kept in QSettings
// under "ui/". applyTheme() switches between the platform palette and a dark
// palette (Qt 6.4 cannot ask the platform for its colour scheme).
// Threads: GUI thread only.
#pragma once

#include <QDialog>
#include <QSettings>

class QComboBox;
class QFormLayout;
class QLabel;

namespace zooscope::ui {

struct AppSettings {
    QString language;  // "" = system locale, else "en" / "zh_CN"
    QString theme;     // "system" or "dark"
    QString logLevel;  // spdlog level name

    static AppSettings load(QSettings& s);
    void save(QSettings& s) const;
};

// "system": the platform style's palette; "dark": Fusion with a dark palette.
void applyTheme(const QString& theme);

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const AppSettings& current, QWidget* parent = nullptr);
    AppSettings settings() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QFormLayout* form_;
    QLabel* note_;
    QComboBox* language_;
    QComboBox* theme_;
    QComboBox* logLevel_;
};

}  // namespace zooscope::ui
